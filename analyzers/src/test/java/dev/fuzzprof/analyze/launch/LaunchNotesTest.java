package dev.fuzzprof.analyze.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.parse.launch.LaunchRecord;
import dev.fuzzprof.parse.launch.LaunchRecord.Member;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchNotesTest {
  static LaunchRecord record(boolean running, List<Member> members) {
    return new LaunchRecord("ab12cd34", 4242, "2026-12-03T07:36:21Z", true, running, members);
  }

  @Test
  void aRunningLaunchSaysHowToStopIt() {
    List<String> n = LaunchNotes.of(record(true, List.of(
        new Member("main", 0, "running", 0, List.of()))), true, "out");
    assertEquals(1, n.size(), n.toString());
    assertTrue(n.get(0).contains("it runs (pid 4242)"), n.get(0));
    assertTrue(n.get(0).contains("fuzzprof launch --stop out"), n.get(0));
  }

  @Test
  void aRecordSayingRunningWithItsFuzzprofGoneWasKilled() {
    String n = LaunchNotes.of(record(true, List.of()), false, "out").get(0);
    assertTrue(n.contains("gone without ending the launch"), n);
    assertTrue(n.contains("nothing restarts these instances"), n);
  }

  @Test
  void anEndedLaunchSaysSo() {
    assertTrue(LaunchNotes.of(record(false, List.of()), false, "out").get(0)
        .endsWith("the launch has ended"));
  }

  @Test
  void restartsAndGivingUpAreNamedWithTheLastWords() {
    List<String> n = LaunchNotes.of(record(true, List.of(
        new Member("main", 0, "running", 0, List.of()),
        new Member("s1", 1, "running", 1, List.of()),
        new Member("s2", 2, "running", 3, List.of("PROGRAM ABORT : Fork server crashed")),
        new Member("s3", 3, "gave-up", 4, List.of("PROGRAM ABORT : No more free CPU cores")))),
        true, "out");
    assertEquals(List.of("s1: restarted 1 time by launch",
        "s2: restarted 3 times by launch (last death: PROGRAM ABORT : Fork server crashed)",
        "s3: launch gave up on it after failed starts in a row: PROGRAM ABORT : No more free CPU"
            + " cores"), n.subList(1, n.size()));
  }
}
