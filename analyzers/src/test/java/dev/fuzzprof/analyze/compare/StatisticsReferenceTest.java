package dev.fuzzprof.analyze.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The Mann-Whitney p-values, U, A12 and quartiles against values scipy and numpy computed on the
 * same samples ({@code compare/reference.py} wrote {@code compare/reference.json}; A12 there is
 * counted pair by pair, not from ranks).
 */
class StatisticsReferenceTest {
  static JsonNode reference() throws Exception {
    try (InputStream in = StatisticsReferenceTest.class.getResourceAsStream(
        "/compare/reference.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  static double[] values(JsonNode n) {
    return StreamSupport.stream(n.spliterator(), false).mapToDouble(JsonNode::asDouble).toArray();
  }

  @Test
  void agreesWithScipyOnEveryCase() throws Exception {
    JsonNode cases = reference().get("cases");
    assertTrue(cases.size() >= 10, "reference cases: " + cases.size());
    int exact = 0;
    for (JsonNode c : cases) {
      String name = c.get("name").asText();
      double[] a = values(c.get("a"));
      double[] b = values(c.get("b"));
      MannWhitney t = MannWhitney.test(a, b);
      double p = c.get("p").asDouble();
      assertEquals(p, t.pValue(), Math.max(1e-12, p * 1e-9), name + ": p");
      assertEquals(c.get("u").asDouble(), t.u(), 1e-9, name + ": U");
      assertEquals(c.get("method").asText().equals("exact") ? MannWhitney.Method.EXACT
          : MannWhitney.Method.NORMAL, t.method(), name + ": method");
      exact += t.method() == MannWhitney.Method.EXACT ? 1 : 0;
      EffectSize e = EffectSize.of(t.u(), a.length, b.length);
      assertEquals(c.get("a12").asDouble(), e.a12(), 1e-12, name + ": A12");
      double[] qa = values(c.get("quartilesA"));
      Quartiles q = Quartiles.of(a);
      assertEquals(qa[0], q.q1(), 1e-9, name + ": q1");
      assertEquals(qa[1], q.median(), 1e-9, name + ": median");
      assertEquals(qa[2], q.q3(), 1e-9, name + ": q3");
      double[] qb = values(c.get("quartilesB"));
      assertEquals(qb[1], Quartiles.of(b).median(), 1e-9, name + ": median of b");
    }
    assertTrue(exact >= 3 && exact < cases.size(), "both methods are checked: " + exact);
  }

  @Test
  void magnitudesAtFuzzBenchThresholdsEitherWay() {
    assertEquals(EffectSize.Magnitude.NEGLIGIBLE, EffectSize.magnitude(0.5));
    assertEquals(EffectSize.Magnitude.NEGLIGIBLE, EffectSize.magnitude(0.556));
    assertEquals(EffectSize.Magnitude.SMALL, EffectSize.magnitude(0.557));
    assertEquals(EffectSize.Magnitude.SMALL, EffectSize.magnitude(0.443));
    assertEquals(EffectSize.Magnitude.SMALL, EffectSize.magnitude(0.638));
    assertEquals(EffectSize.Magnitude.MEDIUM, EffectSize.magnitude(0.639));
    assertEquals(EffectSize.Magnitude.MEDIUM, EffectSize.magnitude(0.3));
    assertEquals(EffectSize.Magnitude.LARGE, EffectSize.magnitude(0.715));
    assertEquals(EffectSize.Magnitude.LARGE, EffectSize.magnitude(0.0));
    assertEquals(EffectSize.Magnitude.NEGLIGIBLE, EffectSize.magnitude(0.444));
  }

  @Test
  void exactTailSumsToOneAndIsSymmetric() {
    // P(U >= 0) is 1; for 5 and 5 the largest U, 25, happens in one ordering of C(10,5) = 252
    assertEquals(1.0, MannWhitney.upperTail(5, 5, 0), 1e-15);
    assertEquals(1 / 252.0, MannWhitney.upperTail(5, 5, 25), 1e-15);
    assertEquals(MannWhitney.upperTail(3, 7, 15), MannWhitney.upperTail(7, 3, 15), 1e-15);
  }
}
