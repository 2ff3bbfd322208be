package dev.fuzzprof.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fuzzprof.parse.profile.Frame;
import dev.fuzzprof.parse.profile.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One self-contained HTML flame graph: the merged call tree inline as JSON, a little inline
 * script that lays it out, zooms into a frame on click and highlights the frames a search matches.
 * Kernel frames are orange and red, the target's own frames blue and green. No external URLs.
 */
public final class FlameGraphHtml {
  private FlameGraphHtml() {}

  /** A frame of the merged call tree. */
  static final class Node {
    final String name;
    final boolean kernel;
    long value;
    final Map<String, Node> children = new TreeMap<>();

    Node(String name, boolean kernel) {
      this.name = name;
      this.kernel = kernel;
    }

    Node child(Frame f) {
      return children.computeIfAbsent((f.kernel() ? "k:" : "u:") + f.name(),
          k -> new Node(f.name(), f.kernel()));
    }

    /** {@code [name, samples, kernel ? 1 : 0, [children...]]} */
    List<Object> toJson() {
      List<Object> kids = new ArrayList<>();
      for (Node c : children.values()) {
        kids.add(c.toJson());
      }
      return List.of(name, value, kernel ? 1 : 0, kids);
    }
  }

  static Node tree(List<Stack> stacks) {
    Node root = new Node("all", false);
    for (Stack s : stacks) {
      root.value += s.count();
      Node n = root;
      for (Frame f : s.frames()) {
        n = n.child(f);
        n.value += s.count();
      }
    }
    return root;
  }

  public static String render(String title, String subtitle, List<Stack> stacks) {
    String data;
    try {
      data = new ObjectMapper().writeValueAsString(tree(stacks).toJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    // Inside <script>, "</" could end the element early; \/ means the same in JSON.
    data = data.replace("</", "<\\/");
    return TEMPLATE
        .replace("@TITLE@", html(title))
        .replace("@SUBTITLE@", html(subtitle))
        .replace("@DATA@", data);
  }

  private static String html(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static final String TEMPLATE = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>@TITLE@</title>
      <style>
      body { font: 12px sans-serif; margin: 8px; background: #fff; color: #222; }
      h1 { font-size: 16px; margin: 0 0 2px 0; }
      #sub { color: #555; margin-bottom: 6px; }
      #bar { margin: 6px 0; }
      #bar input { width: 260px; }
      #bar button { margin-left: 6px; }
      .key { display: inline-block; width: 12px; height: 12px; vertical-align: middle; margin: 0 3px 0 10px; }
      #graph { position: relative; width: 100%; overflow: hidden; border-top: 1px solid #ddd; }
      .f { position: absolute; height: 16px; line-height: 16px; overflow: hidden; white-space: nowrap;
           font: 11px monospace; padding-left: 2px; box-sizing: border-box; border-right: 1px solid #fff;
           cursor: pointer; color: #000; }
      .f:hover { outline: 1px solid #000; }
      .f.match { background: #d04ee8 !important; }
      #status { margin-top: 6px; min-height: 16px; font-family: monospace; }
      </style>
      </head>
      <body>
      <h1>@TITLE@</h1>
      <div id="sub">@SUBTITLE@</div>
      <div id="bar">
        <input id="search" type="search" placeholder="search frames (text or /regex/)">
        <button id="reset" type="button">reset zoom</button>
        <span class="key" style="background:#f08a3c"></span>kernel
        <span class="key" style="background:#7cb7d9"></span>user
        <span class="key" style="background:#d04ee8"></span>search match
        <span id="matched"></span>
      </div>
      <div id="graph"></div>
      <div id="status">Click a frame to zoom in, click the bottom frame or reset to zoom out.</div>
      <script id="data" type="application/json">@DATA@</script>
      <script>
      (function () {
        "use strict";
        var H = 17;
        var raw = JSON.parse(document.getElementById("data").textContent);
        function build(a, parent, depth) {
          var n = { name: a[0], value: a[1], kernel: a[2] === 1, parent: parent, depth: depth, kids: [] };
          for (var i = 0; i < a[3].length; i++) n.kids.push(build(a[3][i], n, depth + 1));
          return n;
        }
        var root = build(raw, null, 0);
        var maxDepth = 0;
        (function depth(n) { if (n.depth > maxDepth) maxDepth = n.depth; n.kids.forEach(depth); })(root);
        var graph = document.getElementById("graph");
        var status = document.getElementById("status");
        var search = document.getElementById("search");
        var zoom = root;
        var pattern = null;
        graph.style.height = ((maxDepth + 1) * H) + "px";
        function hash(s) { var h = 0; for (var i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0; return Math.abs(h); }
        function colour(n) {
          var v = hash(n.name) % 100;
          if (n.kernel) return "hsl(" + (10 + v % 30) + ",85%," + (55 + v % 12) + "%)";
          return "hsl(" + (170 + v % 50) + ",50%," + (62 + v % 14) + "%)";
        }
        function matches(n) {
          if (!pattern) return false;
          return pattern.test ? pattern.test(n.name) : n.name.indexOf(pattern) >= 0;
        }
        function pct(v) { return (100 * v / root.value).toFixed(2) + "%"; }
        function render() {
          graph.textContent = "";
          var width = graph.clientWidth || 1000;
          var matched = 0;
          function place(n, x, w, onPath) {
            if (w * width < 0.5) return;
            var d = document.createElement("div");
            d.className = "f" + (matches(n) ? " match" : "");
            d.style.left = (x * 100) + "%";
            d.style.width = (w * 100) + "%";
            d.style.top = ((maxDepth - n.depth) * H) + "px";
            d.style.background = colour(n);
            if (onPath) d.style.opacity = "0.6";
            d.textContent = w * width > 30 ? n.name : "";
            d.title = n.name + (n.kernel ? " [kernel]" : "") + "\\n" + n.value + " samples, " + pct(n.value);
            d.onclick = function () { zoom = (n === zoom && n.parent) ? n.parent : n; render(); };
            d.onmouseover = function () { status.textContent = (n.kernel ? "[kernel] " : "") + n.name + "  " + n.value + " samples, " + pct(n.value); };
            graph.appendChild(d);
            var cx = x;
            for (var i = 0; i < n.kids.length; i++) {
              var k = n.kids[i];
              var kw = n.value ? w * k.value / n.value : 0;
              place(k, cx, kw, false);
              cx += kw;
            }
          }
          function count(n, inside) {
            if (matches(n) && !inside) { matched += n.value; inside = true; }
            n.kids.forEach(function (k) { count(k, inside); });
          }
          for (var a = zoom.parent; a; a = a.parent) {
            var d = document.createElement("div");
            d.className = "f";
            d.style.left = "0"; d.style.width = "100%";
            d.style.top = ((maxDepth - a.depth) * H) + "px";
            d.style.background = colour(a); d.style.opacity = "0.6";
            d.textContent = a.name;
            (function (t) { d.onclick = function () { zoom = t; render(); }; })(a);
            graph.appendChild(d);
          }
          place(zoom, 0, 1, false);
          if (pattern) { count(root, false); }
          document.getElementById("matched").textContent = pattern ? ("  matched: " + pct(matched)) : "";
        }
        search.oninput = function () {
          var t = search.value;
          if (!t) pattern = null;
          else if (t.length > 2 && t[0] === "/" && t[t.length - 1] === "/") {
            try { pattern = new RegExp(t.slice(1, -1)); } catch (e) { pattern = null; }
          } else pattern = t;
          render();
        };
        document.getElementById("reset").onclick = function () { zoom = root; render(); };
        window.onresize = render;
        render();
      })();
      </script>
      </body>
      </html>
      """;
}
