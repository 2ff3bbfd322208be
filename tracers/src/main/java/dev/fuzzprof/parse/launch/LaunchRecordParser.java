package dev.fuzzprof.parse.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the text of {@code fuzzprof-launch.json}. Pure; a file that is not JSON, or has no id,
 * gives nothing (the campaign is then read as any other); missing fields get defaults, and
 * fields it does not know are ignored, so a newer fuzzprof's file still reads.
 */
public final class LaunchRecordParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LaunchRecordParser() {}

  public static Optional<LaunchRecord> parse(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (Exception e) {
      return Optional.empty();
    }
    if (root == null || !root.isObject() || !root.path("id").isTextual()) {
      return Optional.empty();
    }
    List<LaunchRecord.Member> members = new ArrayList<>();
    for (JsonNode i : root.path("instances")) {
      if (!i.path("name").isTextual()) {
        continue;
      }
      List<String> words = new ArrayList<>();
      for (JsonNode w : i.path("lastWords")) {
        if (w.isTextual()) {
          words.add(w.asText());
        }
      }
      members.add(new LaunchRecord.Member(i.path("name").asText(),
          i.path("cpu").isInt() ? i.path("cpu").asInt() : null,
          i.path("state").asText("unknown"), Math.max(0, i.path("restarts").asInt(0)), words));
    }
    return Optional.of(new LaunchRecord(root.path("id").asText(),
        root.path("pid").asLong(0), root.path("startedAt").asText(""),
        root.path("allStarted").asBoolean(false), root.path("running").asBoolean(false),
        members));
  }
}
