package dev.fuzzprof.parse.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.parse.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchRecordParserTest {
  @Test
  void aRealRecordOfTwoAflInstances() {
    LaunchRecord r = LaunchRecordParser.parse(
        Fixtures.text("launch/fuzzprof-launch-2-afl.json")).orElseThrow();
    assertEquals(8, r.id().length());
    assertTrue(r.pid() > 0);
    assertTrue(r.allStarted());
    assertFalse(r.running(), "the launch ended after --duration");
    assertEquals(List.of("main", "s1"), r.instances().stream().map(LaunchRecord.Member::name)
        .toList());
    assertEquals(0, r.instances().get(0).cpu());
    assertEquals(1, r.instances().get(1).cpu());
    assertEquals("stopped", r.instances().get(1).state());
    assertEquals(0, r.instances().get(1).restarts());
  }

  @Test
  void missingFieldsGetDefaultsAndUnknownOnesAreIgnored() {
    LaunchRecord r = LaunchRecordParser.parse("{\"id\":\"ab12cd34\",\"future\":[1,2],"
        + "\"instances\":[{\"name\":\"s2\",\"state\":\"gave-up\",\"restarts\":-3,"
        + "\"lastWords\":[\"PROGRAM ABORT : x\", 7]},{\"cpu\":1}]}").orElseThrow();
    assertEquals(0, r.pid());
    assertFalse(r.running());
    assertEquals(1, r.instances().size(), "an instance without a name is skipped");
    LaunchRecord.Member m = r.instances().get(0);
    assertNull(m.cpu());
    assertEquals(0, m.restarts());
    assertEquals(List.of("PROGRAM ABORT : x"), m.lastWords());
  }

  @Test
  void notALaunchRecordGivesNothing() {
    for (String t : List.of("", "{", "[]", "null", "{\"pid\": 12}", "{\"id\": 5}",
        "\u0000\u00ff garbage")) {
      assertTrue(LaunchRecordParser.parse(t).isEmpty(), t);
    }
  }
}
