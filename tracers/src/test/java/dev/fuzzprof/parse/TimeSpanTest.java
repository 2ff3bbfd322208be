package dev.fuzzprof.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimeSpanTest {
  @Test
  void unitsAndBareSeconds() {
    assertEquals(0.5, TimeSpan.seconds("500ms").getAsDouble(), 1e-12);
    assertEquals(2.0, TimeSpan.seconds("2s").getAsDouble(), 1e-12);
    assertEquals(1.5, TimeSpan.seconds(" 1.5 ").getAsDouble(), 1e-12);
    assertEquals(60.0, TimeSpan.seconds("1M").getAsDouble(), 1e-12);
  }

  @Test
  void notATimeSpan() {
    assertTrue(TimeSpan.seconds("soon").isEmpty());
    assertTrue(TimeSpan.seconds("").isEmpty());
    assertTrue(TimeSpan.seconds("NaNs").isEmpty());
  }
}
