package io.dropguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.SqlAnalyzer;
import io.dropguard.core.confirm.Confirmation;
import io.dropguard.core.metrics.GuardMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guard over the real analyzer: table patterns meet names as the analyzer folds them. */
class GuardRealAnalyzerTest {
  @TempDir Path dir;
  final List<String> snapshots = new ArrayList<>();

  Guard guard(String yaml, ConnectionIdentity id) throws Exception {
    Files.writeString(dir.resolve("p.yaml"), yaml);
    Guard.Seams seams =
        new Guard.Seams(
            () -> (c, i, statement, findings, options) -> {
              snapshots.add(statement.strip());
              return "s" + snapshots.size();
            },
            s -> r -> new Confirmation(false, null, null, "Token: ABCD-EFGH"));
    Map<String, String> env =
        Map.of("DROPGUARD_POLICIES", dir.resolve("p.yaml").toString(), "DROPGUARD_AUDIT", dir.resolve("a.log").toString());
    return new GuardFactory(Analyzer.of(SqlAnalyzer.shared()), seams, () -> env, GuardMetrics.none(), System::nanoTime, 1)
        .open(id, Map.of());
  }

  static final String POLICY =
      "rules:\n"
          + "  - when: [delete_all, update_all]\n"
          + "    tables: [databasechangeloglock]\n"
          + "    action: allow\n"
          + "  - when: [drop_table, truncate]\n"
          + "    tables: [\"tmp_*\"]\n"
          + "    action: allow\n"
          + "  - when: [drop_table, truncate]\n"
          + "    action: snapshot\n"
          + "  - when: [delete_all, update_all]\n"
          + "    action: confirm\n"
          + "  - when: [drop_database, drop_schema, unparseable]\n"
          + "    action: block\n";

  @Test
  void h2FoldsUnquotedNamesAndPatternsToUpperCase() throws Exception {
    ConnectionIdentity id = new ConnectionIdentity("jdbc:h2:tcp://db/x", "sa", "H2", "2", null, Dialect.H2);
    Guard g = guard(POLICY, id);
    try (FakeContext ctx = new FakeContext()) {
      g.admit("DROP TABLE tmp_1", ctx);
      g.admit("DELETE FROM DATABASECHANGELOGLOCK", ctx);
      assertEquals(List.of(), snapshots);
      g.admit("DROP TABLE \"tmp_x\"", ctx); // quoted: stays lower case, so tmp_* (folded to TMP_*) does not fit
      assertEquals(List.of("DROP TABLE \"tmp_x\""), snapshots);
      assertEquals(
          SqlState.CONFIRMATION_REQUIRED,
          assertThrows(RefusedException.class, () -> g.admit("DELETE FROM orders WHERE 1=1", ctx)).refusal().state());
      g.admit("DELETE FROM orders WHERE id = 7", ctx);
    }
  }

  @Test
  void postgresFoldsToLowerCase() throws Exception {
    ConnectionIdentity id =
        new ConnectionIdentity("jdbc:postgresql://db/x", "app", "PostgreSQL", "16", null, Dialect.POSTGRES);
    Guard g = guard(POLICY, id);
    try (FakeContext ctx = new FakeContext()) {
      g.admit("TRUNCATE TMP_LOAD", ctx);
      g.admit("delete from databasechangeloglock", ctx);
      assertEquals(List.of(), snapshots);
      assertEquals(
          SqlState.BLOCKED,
          assertThrows(RefusedException.class, () -> g.admit("DROP SCHEMA sales CASCADE", ctx)).refusal().state());
    }
  }
}
