package io.dropguard.core.analysis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScannedTextsTest {
  @Test
  void answersOnlyForAnEqualText() {
    ScannedTexts t = new ScannedTexts();
    t.add("SELECT 1");
    assertTrue(t.contains("SELECT 1"));
    assertTrue(t.contains(new String("SELECT 1")), "equal text, another instance");
    assertFalse(t.contains("SELECT 2"));
    // "Aa" and "BB" share a hash: the second replaces the first, and neither answers for the other
    t.add("Aa");
    assertTrue(t.contains("Aa"));
    assertFalse(t.contains("BB"));
    t.add("BB");
    assertTrue(t.contains("BB"));
    assertFalse(t.contains("Aa"));
  }

  @Test
  void keepsNoLongText() {
    ScannedTexts t = new ScannedTexts();
    String longText = "SELECT " + "x, ".repeat(ScannedTexts.MAX_CHARS) + "1";
    t.add(longText);
    assertFalse(t.contains(longText));
  }

  @Test
  void theAnalyzerStillRefusesWhatTheScanNeverSaw() {
    SqlAnalyzer a = new SqlAnalyzer();
    assertTrue(a.certainlyHarmless("SELECT name FROM t WHERE id = ?", Dialect.H2));
    assertTrue(a.certainlyHarmless("SELECT name FROM t WHERE id = ?", Dialect.H2), "second time, from the table");
    assertFalse(a.certainlyHarmless("DROP TABLE t", Dialect.H2));
    assertFalse(a.certainlyHarmless("DELETE FROM t", Dialect.H2));
  }
}
