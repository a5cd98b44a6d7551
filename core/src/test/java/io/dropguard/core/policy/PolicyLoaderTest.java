package io.dropguard.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.core.ConnectionIdentity;
import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.StatementKind;
import io.dropguard.core.snapshot.SnapshotOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class PolicyLoaderTest {
  static final String SPEC_EXAMPLE =
      "name: pilot-prod                     # shown in errors\n"
          + "match:\n"
          + "  url: \"jdbc:postgresql://db-1.internal:5432/pilot*\"\n"
          + "  user: \"*\"\n"
          + "  marker: production\n"
          + "mode: enforce\n"
          + "rules:\n"
          + "  - when: [drop_database, drop_schema]\n"
          + "    action: block\n"
          + "  - when: [drop_table, truncate]\n"
          + "    tables: [\"tmp_*\", \"scratch.*\"]\n"
          + "    action: allow\n"
          + "  - when: [drop_table, truncate, alter_drop]\n"
          + "    action: snapshot\n"
          + "  - when: [delete_all, update_all]\n"
          + "    action: confirm\n"
          + "  - when: [unparseable]\n"
          + "    action: block\n"
          + "default: allow\n"
          + "snapshot:\n"
          + "  store: directory\n"
          + "  path: /var/lib/dropguard/snapshots\n"
          + "  max_rows: 5000000\n"
          + "  max_bytes: 500MB\n"
          + "  keep: 30d\n"
          + "confirm:\n"
          + "  ttl: 10m\n";

  @Test
  void loadsSpecExampleWithPositions() throws Exception {
    Policy p = PolicyLoader.parse(SPEC_EXAMPLE, "pilot-prod.yaml", null);
    assertEquals("pilot-prod", p.name());
    assertEquals(Mode.ENFORCE, p.mode());
    assertEquals(5, p.rules().size());
    Rule r2 = p.rules().get(1);
    assertEquals(Set.of(StatementKind.DROP_TABLE, StatementKind.TRUNCATE), r2.kinds());
    assertEquals(Action.ALLOW, r2.action());
    assertEquals(new SourcePosition("pilot-prod.yaml", 10, 5), r2.position());
    assertEquals(List.of("tmp_*", "scratch.*"), r2.tables().stream().map(TablePattern::text).toList());
    assertEquals(new SourcePosition("pilot-prod.yaml", 19, 1), p.defaultPosition());
    assertEquals(SnapshotOptions.Store.DIRECTORY, p.snapshot().store());
    assertEquals(Path.of("/var/lib/dropguard/snapshots"), p.snapshot().path());
    assertEquals(5_000_000L, p.snapshot().maxRows());
    assertEquals(500L << 20, p.snapshot().maxBytes());
    assertEquals(Duration.ofDays(30), p.retention().age());
    assertEquals(Duration.ofMinutes(10), p.confirm().ttl());
    assertEquals("production", p.match().marker());
  }

  @Test
  void defaultsWhenSectionsAreLeftOut() throws Exception {
    Policy p = PolicyLoader.parse("rules: []\n", "/etc/dropguard/laptop.yml", Path.of("/etc/dropguard"));
    assertEquals("laptop", p.name(), "the file name names a policy without name:");
    assertTrue(p.isCatchAll());
    assertEquals(Action.ALLOW, p.defaultAction());
    assertEquals(PolicyLoader.DEFAULT_MAX_ROWS, p.snapshot().maxRows());
    assertNull(p.snapshot().path(), "the guard puts snapshots under state_dir");
    assertEquals(PolicyLoader.DEFAULT_TTL, p.confirm().ttl());
    assertEquals(Retention.FOREVER, p.retention());
  }

  @Test
  void relativeSnapshotPathIsResolvedAgainstThePolicyFile() throws Exception {
    Policy p =
        PolicyLoader.parse("rules: []\nsnapshot: {path: snaps, keep: 12}\n", "x.yaml", Path.of("/etc/dropguard"));
    assertEquals(Path.of("/etc/dropguard/snaps"), p.snapshot().path());
    assertEquals(12, p.retention().count());
  }

  @Test
  void singleValuesMayStandForLists() throws Exception {
    Policy p =
        PolicyLoader.parse(
            "match: {url: \"jdbc:h2:*\", product: [H2, PostgreSQL]}\nrules:\n  - when: truncate\n    tables: \"tmp_*\"\n    action: log\n",
            "x.yaml",
            null);
    assertEquals(Set.of(StatementKind.TRUNCATE), p.rules().get(0).kinds());
    assertEquals(2, p.match().products().size());
  }

  @Test
  void matchNeedsEveryGivenCondition() throws Exception {
    Policy p =
        PolicyLoader.parse(
            "match: {url: \"JDBC:POSTGRESQL://db-1*\", user: app, marker: production}\nrules: []\n", "x.yaml", null);
    ConnectionIdentity ok =
        new ConnectionIdentity("jdbc:postgresql://db-1/pilot", "app", "PostgreSQL", "16", "production", Dialect.POSTGRES);
    assertTrue(p.match().matches(ok), "URL globs ignore case");
    assertFalse(p.match().matches(withMarker(ok, null)), "a missing marker does not match");
    assertFalse(
        p.match()
            .matches(new ConnectionIdentity(ok.realUrl(), "App", ok.product(), null, "production", ok.dialect())),
        "users are compared with their case");
  }

  private static ConnectionIdentity withMarker(ConnectionIdentity i, String marker) {
    return new ConnectionIdentity(i.realUrl(), i.user(), i.product(), i.productVersion(), marker, i.dialect());
  }

  @Test
  void builtInPolicyFollowsSpec() {
    PolicySet b = PolicyLoader.builtIn();
    assertTrue(b.builtIn());
    for (String url : List.of("jdbc:h2:mem:", "jdbc:h2:mem:x;DB_CLOSE_DELAY=-1", "jdbc:hsqldb:mem:a", "jdbc:sqlite::memory:")) {
      Policy p = b.select(new ConnectionIdentity(url, null, null, null, null, Dialect.GENERIC)).orElseThrow();
      assertEquals(Action.ALLOW, p.defaultAction(), url);
      for (StatementKind k : StatementKind.values()) {
        Rule r = p.ruleFor(k, null, Dialect.GENERIC, null);
        assertEquals(Action.ALLOW, r == null ? p.defaultAction() : r.action(), url + " " + k.id());
      }
      assertEquals(Action.ALLOW, p.ruleFor(StatementKind.UNPARSEABLE, null, Dialect.GENERIC, null).action(), url);
    }
    Policy p =
        b.select(new ConnectionIdentity("jdbc:h2:file:/data/x", null, null, null, null, Dialect.H2)).orElseThrow();
    for (StatementKind k : StatementKind.values()) {
      Rule r = p.ruleFor(k, null, Dialect.H2, null);
      Action a = r == null ? p.defaultAction() : r.action();
      Action expected =
          k == StatementKind.DROP_DATABASE || k == StatementKind.DROP_SCHEMA || k == StatementKind.UNPARSEABLE
              ? Action.BLOCK
              : Action.CONFIRM;
      assertEquals(expected, a, k.id());
    }
  }

  @TestFactory
  Stream<DynamicTest> everyExamplePolicyLints() throws Exception {
    List<Path> files = PolicyLoader.policyFiles(Path.of("../policies"));
    assertTrue(files.size() >= 5, "policies/ holds the examples: " + files);
    return files.stream()
        .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> PolicyLoader.load(f)));
  }

  @Test
  void exampleDirectoryLoadsAsAWholeInNameOrder() throws Exception {
    PolicySet set = PolicyLoader.loadAll(Path.of("../policies"));
    assertEquals("unknown-database", set.policies().get(set.policies().size() - 1).name());
    Policy prod =
        set.select(
                new ConnectionIdentity(
                    "jdbc:postgresql://db-1.internal:5432/pilot", "app", "PostgreSQL", "16", null, Dialect.POSTGRES))
            .orElseThrow();
    assertEquals("pilot-prod", prod.name());
  }
}
