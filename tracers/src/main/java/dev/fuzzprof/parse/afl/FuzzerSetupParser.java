package dev.fuzzprof.parse.afl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code fuzzer_setup} of AFL++: {@code # environment variables:} then {@code NAME=value} lines,
 * {@code # command line:} then the arguments, each in single quotes. Pure and lenient.
 */
public final class FuzzerSetupParser {
  private FuzzerSetupParser() {}

  public static FuzzerSetup parse(String text) {
    Map<String, String> env = new LinkedHashMap<>();
    List<String> argv = new ArrayList<>();
    if (text == null) {
      return new FuzzerSetup(env, argv);
    }
    boolean inCommand = false;
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.startsWith("#")) {
        inCommand = l.contains("command line");
        continue;
      }
      if (l.isEmpty()) {
        continue;
      }
      if (inCommand) {
        argv.addAll(words(l));
      } else {
        int eq = l.indexOf('=');
        if (eq > 0) {
          env.put(l.substring(0, eq), l.substring(eq + 1));
        }
      }
    }
    return new FuzzerSetup(env, argv);
  }

  /** Shell words: single-quoted ('it'\''s' as the shell writes a quote), or bare. */
  static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '\'') {
          quoted = false;
        } else {
          w.append(c);
        }
      } else if (c == '\'') {
        quoted = true;
        any = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        w.append(line.charAt(++i));
        any = true;
      } else if (Character.isWhitespace(c)) {
        if (any || w.length() > 0) {
          out.add(w.toString());
          w.setLength(0);
          any = false;
        }
      } else {
        w.append(c);
        any = true;
      }
    }
    if (any || w.length() > 0) {
      out.add(w.toString());
    }
    return out;
  }
}
