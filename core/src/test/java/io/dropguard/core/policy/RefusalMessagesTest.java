package io.dropguard.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.dropguard.core.analysis.Finding;
import io.dropguard.core.analysis.ObjectName;
import io.dropguard.core.analysis.StatementAnalysis;
import io.dropguard.core.analysis.StatementKind;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The helpers the audit record and the refusals share: the same results as the stream and regex versions. */
class RefusalMessagesTest {
  /** bounded() as it was written with a regex. */
  static String referenceBounded(String text, int max) {
    String s = text.strip().replaceAll("\\s+", " ");
    if (s.length() <= max) {
      return s;
    }
    return s.substring(0, max) + "... (" + s.length() + " characters)";
  }

  @Test
  void boundedCollapsesWhitespaceAndCutsAsTheRegexDid() {
    assertEquals("DROP TABLE a", RefusalMessages.bounded("  DROP\n\t TABLE \r\n a \u2003", 100));
    assertEquals("DROP ... (12 characters)", RefusalMessages.bounded("DROP  TABLE  a", 5));
    assertEquals("DROP\u00a0TABLE", RefusalMessages.bounded("DROP\u00a0TABLE", 100), "only \\s collapses");
    assertEquals("a \u2028 b", RefusalMessages.bounded("a \u2028 b", 100));
    assertEquals("", RefusalMessages.bounded(" \n ", 10));
    String plain = "DROP TABLE readings";
    assertSame(plain, RefusalMessages.bounded(plain, 4000), "nothing to do: no copy");

    Random r = new Random(3);
    char[] alphabet = {'a', 'b', ' ', ' ', '\t', '\n', '\r', '\u000b', '\f', '\u00a0', '\u2003', '\u001c', "😀".charAt(0),
        "😀".charAt(1), '\u2028', 'é'};
    for (int k = 0; k < 20_000; k++) {
      int n = r.nextInt(30);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        sb.append(alphabet[r.nextInt(alphabet.length)]);
      }
      String s = sb.toString();
      int max = r.nextInt(25);
      assertEquals(referenceBounded(s, max), RefusalMessages.bounded(s, max), "[" + s + "] " + max);
    }
  }

  private static Finding finding(StatementKind kind, String... targets) {
    List<ObjectName> names = new java.util.ArrayList<>();
    for (String t : targets) {
      names.add(new ObjectName(List.of(t.split("\\."))));
    }
    return new Finding(kind, "table", names, "because");
  }

  @Test
  void kindIdsAndTargetsInOrderEachOnce() {
    StatementAnalysis one = new StatementAnalysis("DROP TABLE s.a", "drop table s.a",
        List.of(finding(StatementKind.DROP_TABLE, "s.a")));
    assertEquals(List.of("drop_table"), RefusalMessages.kindIds(one));
    assertEquals(List.of("s.a"), RefusalMessages.targets(one));

    StatementAnalysis many = new StatementAnalysis("x", "x", List.of(
        finding(StatementKind.TRUNCATE, "b", "a", "b"),
        finding(StatementKind.DROP_TABLE, "a", "c"),
        finding(StatementKind.TRUNCATE)));
    assertEquals(List.of("drop_table", "truncate"), RefusalMessages.kindIds(many), "in kind order, as before");
    assertEquals(List.of("b", "a", "c"), RefusalMessages.targets(many), "as first written");

    StatementAnalysis none = new StatementAnalysis("DROP x", "drop x", List.of(finding(StatementKind.UNPARSEABLE)));
    assertEquals(List.of("unparseable"), RefusalMessages.kindIds(none));
    assertEquals(List.of(), RefusalMessages.targets(none));
  }
}
