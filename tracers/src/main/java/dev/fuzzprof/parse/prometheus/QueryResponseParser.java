package dev.fuzzprof.parse.prometheus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fuzzprof.problem.FuzzprofException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The body of a Prometheus {@code /api/v1/query} answer (an instant query) as samples. Pure: text
 * in, records out. A vector gives one sample per series, a scalar one sample without labels; a
 * value Prometheus writes as NaN or +Inf is kept as such. A body that is not the API's envelope
 * ({@code status}, {@code data}) is not a Prometheus answer; {@code status: error} is one with
 * its {@code error} text.
 */
public final class QueryResponseParser {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private QueryResponseParser() {}

  /** One series' value at the query's time. */
  public record Sample(Map<String, String> labels, double time, double value) {
    public String label(String name) {
      return labels.getOrDefault(name, "");
    }
  }

  /** @throws FuzzprofException (data) for a body that is no Prometheus answer, or an error */
  public static List<Sample> parse(String body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw FuzzprofException.data("not a Prometheus API answer (not JSON: "
          + firstLine(body) + ")");
    }
    if (root == null || !root.isObject() || !root.path("status").isTextual()) {
      throw FuzzprofException.data("not a Prometheus API answer (no status: "
          + firstLine(body) + ")");
    }
    if (!"success".equals(root.get("status").asText())) {
      throw FuzzprofException.data("Prometheus: " + root.path("errorType").asText("error")
          + ": " + root.path("error").asText("(no message)"));
    }
    JsonNode data = root.path("data");
    String type = data.path("resultType").asText("");
    JsonNode result = data.path("result");
    List<Sample> out = new ArrayList<>();
    switch (type) {
      case "vector" -> {
        for (JsonNode s : result) {
          out.add(new Sample(labels(s.path("metric")), time(s.path("value")),
              value(s.path("value"))));
        }
      }
      case "scalar" -> out.add(new Sample(Map.of(), time(result), value(result)));
      default -> throw FuzzprofException.data("Prometheus answered a " + (type.isEmpty()
          ? "result without a type" : type) + " where an instant vector was expected");
    }
    return List.copyOf(out);
  }

  private static Map<String, String> labels(JsonNode metric) {
    Map<String, String> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return Map.copyOf(out);
  }

  private static double time(JsonNode pair) {
    return pair.path(0).asDouble(Double.NaN);
  }

  /** The API writes values as strings: "1.5", "NaN", "+Inf", "-Inf". */
  private static double value(JsonNode pair) {
    String v = pair.path(1).asText("NaN");
    return switch (v) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(v);
        } catch (NumberFormatException e) {
          yield Double.NaN;
        }
      }
    };
  }

  private static String firstLine(String body) {
    String s = body == null ? "" : body.strip();
    int nl = s.indexOf('\n');
    s = nl < 0 ? s : s.substring(0, nl);
    return s.length() > 60 ? s.substring(0, 60) + "..." : s.isEmpty() ? "empty" : s;
  }
}
