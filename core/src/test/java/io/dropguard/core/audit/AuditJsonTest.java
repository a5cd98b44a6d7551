package io.dropguard.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The audit line's text, character for character: escaping, field order, time format. */
class AuditJsonTest {
  /** The escaping as it was written before the one-pass writer (String.format per escaped character). */
  static String referenceEscape(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\r': sb.append("\\r"); break;
        case '\t': sb.append("\\t"); break;
        default:
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else if (Character.isSurrogate(c)
              && !(Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
              && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    return sb.append('"').toString();
  }

  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    Json.string(sb, s);
    return sb.toString();
  }

  @Test
  void controlCharactersQuotesBackslashesSeparatorsAndSurrogatesAreEscapedExactly() {
    assertEquals("\"a\\\"b\\\\c\"", escape("a\"b\\c"));
    assertEquals("\"\\n\\r\\t\\u0000\\u0001\\u0008\\u000b\\u000c\\u001f\\u007f\"",
        escape("\n\r\t\u0000\u0001\b\u000b\f\u001f\u007f"));
    assertEquals("\" \\u2028 \\u2029 \"", escape(" \u2028 \u2029 "));
    assertEquals("\"é ü ¥ \u0080 \u00a0 \u2027 \u202a\"", escape("é ü ¥ \u0080 \u00a0 \u2027 \u202a"), "written as is");
    assertEquals("\"😀𝄞\"", escape("😀𝄞"), "well-formed pairs are written as is");
    assertEquals("\"\\ud83d\"", escape("\ud83d"), "a lone high surrogate");
    assertEquals("\"\\ude00x\"", escape("\ude00x"), "a lone low surrogate");
    assertEquals("\"\\ude00\\ud83d\"", escape("\ude00\ud83d"), "a pair in the wrong order");
    assertEquals("\"x\\ud83d\\\"\"", escape("x\ud83d\""), "a high surrogate before an escaped character");
    assertEquals("\"\"", escape(""));

    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x100; c++) {
      all.append(c);
    }
    all.append("\u2028\u2029\ud83d\ude00\ud83d\ude00\ud800\udfff\udbff\udfff");
    String s = all.toString();
    assertEquals(referenceEscape(s), escape(s));
    assertEquals(s, StrictJson.parse(escape(s)));
  }

  @Test
  void randomStringsEscapeAsBeforeAndParseBackAsStrictJson() {
    Random r = new Random(42);
    char[] alphabet = {'a', 'Z', ' ', '"', '\\', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f', '\u0080', 'é',
        '\u2028', '\u2029', '\ud83d', '\ude00', '\ud800', '\udfff', '\uffff', '\ufeff', '/', '{', '}'};
    for (int k = 0; k < 5000; k++) {
      int n = r.nextInt(40);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        sb.append(r.nextInt(3) == 0 ? (char) r.nextInt(0x10000) : alphabet[r.nextInt(alphabet.length)]);
      }
      String s = sb.toString();
      String e = escape(s);
      assertEquals(referenceEscape(s), e, s);
      assertEquals(s, StrictJson.parse(e));
      assertTrue(e.chars().noneMatch(c -> c < 0x20 || c == '\u2028' || c == '\u2029'), e);
      // what reaches the file is UTF-8: no character is lost (lone surrogates are escaped, so none becomes '?')
      assertEquals(e, new String(e.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void theLineIsExactlyTheDocumentedFormat() {
    AuditRecord r = AuditLogTest.record("DROP TABLE \"a\\b\"\n\t-- \u0001 \u2028 é 😀");
    assertEquals(
        "{\"time\":\"2026-12-01T18:00:00Z\",\"event\":\"statement\","
            + "\"database\":\"jdbc:postgresql://db-1/pilot?password=***\",\"policy\":\"pilot-prod\","
            + "\"rule\":\"/etc/dropguard/pilot.yaml:12\",\"user\":\"app\",\"host\":\"host-1\",\"pid\":4242,"
            + "\"statement\":\"DROP TABLE \\\"a\\\\b\\\"\\n\\t-- \\u0001 \\u2028 é 😀\","
            + "\"kinds\":[\"drop_table\"],\"targets\":[\"public.readings\"],\"action\":\"snapshot\","
            + "\"outcome\":\"snapshot_taken\",\"mode\":\"enforce\",\"snapshot_id\":\"20261201-180000-ab12\","
            + "\"token_id\":\"3f2a9c01\",\"confirmed_how\":\"api\",\"confirmed_by\":\"alice@host-1 pid 4242\","
            + "\"reason\":\"drops the table\"}",
        r.toJson());
    Map<String, Object> m = StrictJson.object(r.toJson());
    assertEquals(List.of("time", "event", "database", "policy", "rule", "user", "host", "pid", "statement", "kinds",
        "targets", "action", "outcome", "mode", "snapshot_id", "token_id", "confirmed_how", "confirmed_by", "reason"),
        List.copyOf(m.keySet()));
    assertEquals(r.statement(), m.get("statement"));
  }

  @Test
  void nullsListsAndPrefixedBuffers() {
    AuditRecord r = new AuditRecord(Instant.parse("2026-12-01T18:00:00.120Z"), "jdbc:h2:mem:x", null, null, null,
        "h", 1, "DROP TABLE a, b", List.of("drop_table", "truncate"), List.of("A", "B"), "allow", "allowed",
        "enforce", null, null, null, null, null);
    String json = r.toJson();
    assertEquals("{\"time\":\"2026-12-01T18:00:00.120Z\",\"event\":\"statement\",\"database\":\"jdbc:h2:mem:x\","
        + "\"policy\":null,\"rule\":null,\"user\":null,\"host\":\"h\",\"pid\":1,\"statement\":\"DROP TABLE a, b\","
        + "\"kinds\":[\"drop_table\",\"truncate\"],\"targets\":[\"A\",\"B\"],\"action\":\"allow\","
        + "\"outcome\":\"allowed\",\"mode\":\"enforce\",\"snapshot_id\":null,\"token_id\":null,"
        + "\"confirmed_how\":null,\"confirmed_by\":null,\"reason\":null}", json);
    StrictJson.parse(json);
    assertEquals("dropguard-audit " + json + "\n",
        r.appendJson(new StringBuilder("dropguard-audit ")).append('\n').toString());
    assertTrue(json.length() <= r.estimatedLength(), "the buffer is sized for the line: it does not grow");
    AuditRecord typical = AuditLogTest.record("DROP TABLE readings");
    assertTrue(typical.toJson().length() <= typical.estimatedLength());

    String policyError = AuditRecord.policyErrorJson(Instant.parse("2026-12-01T18:00:00Z"), "/p/a.yaml",
        List.of("a.yaml:1:1: bad \"x\""));
    assertEquals("{\"time\":\"2026-12-01T18:00:00Z\",\"event\":\"policy_error\",\"policies\":\"/p/a.yaml\","
        + "\"problems\":[\"a.yaml:1:1: bad \\\"x\\\"\"],\"host\":\"" + Host.name() + "\",\"pid\":" + Host.pid() + "}",
        policyError);
  }

  @Test
  void timeIsWrittenAsInstantToString() {
    Random r = new Random(7);
    long[] seconds = {0, -1, 1, 253402300799L, 253402300800L, -62135596800L, -62135596801L, 1796140800L,
        Instant.MAX.getEpochSecond(), Instant.MIN.getEpochSecond()};
    int[] nanos = {0, 1, 999_999_999, 1_000, 1_000_000, 120_000_000, 100_000, 10, 123_456_789, 500_000_000};
    for (long sec : seconds) {
      for (int nano : nanos) {
        check(Instant.ofEpochSecond(sec, nano));
      }
    }
    for (int k = 0; k < 20_000; k++) {
      long sec = k % 3 == 0 ? 1796140800L + r.nextInt(5) : r.nextLong() % 400_000_000_000L;
      int nano;
      switch (k % 4) {
        case 0: nano = 0; break;
        case 1: nano = r.nextInt(1000) * 1_000_000; break;
        case 2: nano = r.nextInt(1_000_000) * 1_000; break;
        default: nano = r.nextInt(1_000_000_000);
      }
      check(Instant.ofEpochSecond(sec, nano));
    }
    check(Instant.now());
  }

  private static void check(Instant t) {
    StringBuilder sb = new StringBuilder("x");
    AuditTime.append(sb, t);
    assertEquals("x" + t, sb.toString());
  }
}
