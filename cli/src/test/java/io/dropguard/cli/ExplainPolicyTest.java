package io.dropguard.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code explain --policies P --url U}: the governing file and the rule (file:line) deciding each statement. */
class ExplainPolicyTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return Main.run(
        args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void showsTheRuleThatDecides() {
    int code =
        run("explain", "--policies", "../policies", "--url", "jdbc:dropguard:postgresql://db-1.internal:5432/pilot",
            "DROP TABLE readings; SELECT 1; TRUNCATE readings");
    String o = out.toString(StandardCharsets.UTF_8);
    assertEquals(1, code, o);
    String file = Path.of("../policies/10-production.yaml").toString();
    assertTrue(o.contains("policy: \"pilot-prod\" (" + file + "), mode enforce\n"), o);
    assertTrue(o.contains("  statement 1: block (drop_table readings) by " + file + ":25, rule 1"), o);
    assertTrue(o.contains("  statement 2: allowed (not destructive)\n"), o);
    assertTrue(o.contains("  statement 3: snapshot (truncate readings) by " + file + ":27, rule 2"), o);
  }

  @Test
  void aCatchAllGovernsUnknownDatabases() {
    run("explain", "--policies", "../policies", "--url", "jdbc:postgresql://elsewhere/x", "TRUNCATE t");
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("policy: \"unknown-database\""), out.toString());
  }

  @Test
  void policiesNeedAUrl() {
    assertEquals(1, run("explain", "--policies", "../policies", "SELECT 1"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--policies needs --url"));
  }
}
