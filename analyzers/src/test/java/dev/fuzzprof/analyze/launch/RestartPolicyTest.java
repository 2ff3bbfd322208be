package dev.fuzzprof.analyze.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RestartPolicyTest {
  @Test
  void quickDeathsBackOffThenGiveUp() {
    int failures = 0;
    double[] waits = new double[4];
    for (int k = 0; k < 4; k++) {
      RestartPolicy.Decision d = RestartPolicy.onDeath(failures, 2);
      assertFalse(d.giveUp());
      waits[k] = d.waitSeconds();
      failures = d.failures();
    }
    assertEquals(1, waits[0]);
    assertEquals(2, waits[1]);
    assertEquals(4, waits[2]);
    assertEquals(8, waits[3]);
    assertTrue(RestartPolicy.onDeath(failures, 2).giveUp());
  }

  @Test
  void aLongLifeStartsTheCountAgain() {
    RestartPolicy.Decision d = RestartPolicy.onDeath(4, 3600);
    assertFalse(d.giveUp());
    assertEquals(0, d.waitSeconds());
    assertEquals(0, d.failures());
  }
}
