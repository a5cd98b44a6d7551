package io.dropguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.confirm.Confirmation;
import io.dropguard.core.confirm.ConfirmRequest;
import io.dropguard.core.metrics.GuardMetrics;
import io.dropguard.core.snapshot.SnapshotException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuardTest {
  @TempDir Path dir;
  Path policies;
  Path auditFile;
  final Map<String, String> env = new HashMap<>();
  final AtomicLong clock = new AtomicLong();
  final List<String> snapshotsTaken = new ArrayList<>();
  final List<ConfirmRequest> confirmRequests = new ArrayList<>();
  String snapshotFailure;
  boolean confirmAll;
  FakeContext ctx;

  static final ConnectionIdentity PROD =
      new ConnectionIdentity("jdbc:h2:tcp://db-1.internal/pilot;PASSWORD=hunter2", "app", "H2", "2.3", null, Dialect.H2);
  static final ConnectionIdentity LAPTOP =
      new ConnectionIdentity("jdbc:h2:tcp://localhost/dev", "me", "H2", "2.3", null, Dialect.H2);

  @BeforeEach
  void setUp() throws Exception {
    policies = Files.createDirectories(dir.resolve("policies"));
    auditFile = dir.resolve("audit.log");
    env.put("DROPGUARD_POLICIES", policies.toString());
    env.put("DROPGUARD_STATE_DIR", dir.resolve("state").toString());
    env.put("DROPGUARD_AUDIT", auditFile.toString());
    ctx = new FakeContext();
  }

  @AfterEach
  void tearDown() throws Exception {
    ctx.close();
  }

  GuardMetrics metrics = GuardMetrics.none();

  GuardFactory factory() {
    Guard.Seams seams =
        new Guard.Seams(
            () ->
                (context, identity, statement, findings, options) -> {
                  if (snapshotFailure != null) {
                    throw new SnapshotException(snapshotFailure);
                  }
                  snapshotsTaken.add(statement.strip());
                  return "snap-" + snapshotsTaken.size();
                },
            settings ->
                request -> {
                  confirmRequests.add(request);
                  return confirmAll
                      ? new Confirmation(true, "tok-1", request.presentedHow(), null)
                      : new Confirmation(false, "tok-1", null, "Token: K7M2-9QX4 (expires in 10 minutes)");
                });
    return new GuardFactory(new ScriptedAnalyzer(), seams, () -> env, metrics, clock::get, 1000);
  }

  void write(String name, String yaml) throws Exception {
    Path f = policies.resolve(name);
    Files.writeString(f, yaml, StandardCharsets.UTF_8);
    // A later mtime even on coarse file systems.
    Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + clock.get()));
  }

  static final String PILOT_PROD =
      "name: pilot-prod\n"
          + "match:\n"
          + "  url: \"jdbc:h2:tcp://db-1.internal/pilot*\"\n"
          + "rules:\n"
          + "  - when: [drop_database, drop_schema]\n"
          + "    action: block\n"
          + "  - when: [drop_table, truncate]\n"
          + "    tables: [\"tmp_*\", \"scratch.*\"]\n"
          + "    action: allow\n"
          + "  - when: [drop_table, truncate]\n"
          + "    action: snapshot\n"
          + "  - when: [delete_all]\n"
          + "    action: confirm\n"
          + "  - when: [unparseable]\n"
          + "    action: block\n"
          + "default: allow\n";

  static final String CATCH_ALL = "name: laptop\nrules:\n  - when: [drop_schema]\n    action: log\ndefault: allow\n";

  RefusedException refused(Guard g, String sql) {
    return assertThrows(RefusedException.class, () -> g.admit(sql, ctx));
  }

  @Test
  void firstMatchingFileGovernsAndCatchAllTakesTheRest() throws Exception {
    write("10-pilot-prod.yaml", PILOT_PROD);
    write("90-laptop.yaml", CATCH_ALL);
    Guard prod = factory().open(PROD, Map.of());
    Guard laptop = factory().open(LAPTOP, Map.of());
    assertEquals("pilot-prod", prod.policy().name());
    assertEquals("laptop", laptop.policy().name());
    assertEquals(SqlState.BLOCKED, refused(prod, "DROP SCHEMA s").refusal().state());
    laptop.admit("DROP SCHEMA s", ctx);
  }

  @Test
  void fileNameOrderDecidesNotDirectoryOrder() throws Exception {
    write("b.yaml", "name: second\nmatch: {url: \"jdbc:h2:*\"}\nrules: []\ndefault: block\n");
    write("a.yaml", "name: first\nmatch: {url: \"jdbc:h2:*\"}\nrules: []\ndefault: allow\n");
    assertEquals("first", factory().open(PROD, Map.of()).policy().name());
  }

  @Test
  void noMatchAndNoCatchAllIsRefusedWithZg005() throws Exception {
    write("10-pilot-prod.yaml", PILOT_PROD);
    RefusedException e = assertThrows(RefusedException.class, () -> factory().open(LAPTOP, Map.of()));
    assertEquals(SqlState.NO_VALID_POLICY, e.refusal().state());
    assertTrue(e.getMessage().startsWith("DropGuard ZG005: no valid policy for this connection\n"), e.getMessage());
    assertTrue(e.getMessage().contains("no policy file's 'match' holds"), e.getMessage());
    assertTrue(e.getMessage().contains("(from environment variable DROPGUARD_POLICIES)"), e.getMessage());
  }

  @Test
  void aBrokenFileRefusesEveryConnectionEvenOnesAnotherFileWouldGovern() throws Exception {
    write("10-pilot-prod.yaml", PILOT_PROD);
    write("20-broken.yaml", "name: x\nrules:\n  - when: [drop_tabel]\n    action: block\n");
    RefusedException e = assertThrows(RefusedException.class, () -> factory().open(PROD, Map.of()));
    assertEquals(SqlState.NO_VALID_POLICY, e.refusal().state());
    assertTrue(
        e.getMessage().contains("20-broken.yaml:3:12: unknown statement kind 'drop_tabel', did you mean 'drop_table'?"),
        e.getMessage());
  }

  @Test
  void missingConfiguredPathIsRefusedNotUnguarded() {
    env.put("DROPGUARD_POLICIES", dir.resolve("nope").toString());
    RefusedException e = assertThrows(RefusedException.class, () -> factory().open(PROD, Map.of()));
    assertEquals(SqlState.NO_VALID_POLICY, e.refusal().state());
    assertTrue(e.getMessage().contains("no such file or directory"), e.getMessage());
  }

  @Test
  void onConfigErrorWarnGuardsWithTheBuiltInDefault() throws Exception {
    write("10-pilot-prod.yaml", PILOT_PROD);
    env.put("DROPGUARD_ON_CONFIG_ERROR", "warn");
    Guard g = factory().open(LAPTOP, Map.of());
    assertEquals("built-in default", g.policy().name());
    assertEquals(SqlState.BLOCKED, refused(g, "DROP SCHEMA s").refusal().state());
  }

  @Test
  void builtInDefaultWhenNothingIsConfigured() throws Exception {
    env.remove("DROPGUARD_POLICIES");
    Guard mem = factory().open(new ConnectionIdentity("jdbc:h2:mem:x", "sa", "H2", "2", null, Dialect.H2), Map.of());
    mem.admit("DROP SCHEMA s; DROP TABLE t; GIBBERISH", ctx);
    Guard prod = factory().open(PROD, Map.of());
    RefusedException e = refused(prod, "DROP SCHEMA s");
    assertEquals(SqlState.BLOCKED, e.refusal().state());
    assertTrue(e.getMessage().contains("No policy file is configured"), e.getMessage());
    RefusedException c = refused(prod, "DROP TABLE t");
    assertEquals(SqlState.CONFIRMATION_REQUIRED, c.refusal().state());
    assertTrue(c.getMessage().contains("built-in default policy asks for"), c.getMessage());
    assertEquals(SqlState.UNANALYZABLE, refused(prod, "GIBBERISH").refusal().state());
  }

  @Test
  void defaultPolicyDirectoryUnderStateDirIsUsedWhenItExists() throws Exception {
    env.remove("DROPGUARD_POLICIES");
    Path d = Files.createDirectories(dir.resolve("state/policies"));
    Files.writeString(d.resolve("all.yaml"), CATCH_ALL);
    assertEquals("laptop", factory().open(PROD, Map.of()).policy().name());
  }

  @Test
  void blockedMessageIsForAPersonUnderPressure() throws Exception {
    write("10-pilot-prod.yaml", PILOT_PROD);
    Guard g = factory().open(PROD, Map.of());
    RefusedException e = refused(g, "DROP SCHEMA sales");
    String file = policies.resolve("10-pilot-prod.yaml").toString();
    assertEquals(
        "DropGuard ZG001: DROP SCHEMA blocked by policy \"pilot-prod\"\n"
            + "\n"
            + "  Statement:  DROP SCHEMA sales\n"
            + "  Kinds:      drop_schema\n"
            + "  Targets:    SALES\n"
            + "  Reason:     drops the schema\n"
            + "  Database:   jdbc:h2:tcp://db-1.internal/pilot;PASSWORD=*** (user app)\n"
            + "  Policy:     " + file + ":5, rule 1 (when [drop_database, drop_schema] -> block)\n"
            + "\n"
            + "To proceed:\n"
            + "  Nothing was run. If you meant another database, check the URL above.\n"
            + "  If this statement must run on this database, edit " + file + ":5: add a rule before rule 1, such as\n"
            + "      - when: [drop_schema]\n"
            + "        tables: [\"SALES\"]\n"
            + "        action: snapshot        # or confirm, or allow\n"
            + "  Edits apply to the next statement without a restart.\n",
        e.getMessage());
  }

  @Test
  void tablePatternsAllowScratchTablesAndSnapshotOthers() throws Exception {
    write("10-pilot-prod.yaml", PILOT_PROD);
    Guard g = factory().open(PROD, Map.of());
    g.admit("DROP TABLE tmp_1", ctx);
    g.admit("TRUNCATE scratch.anything", ctx);
    assertEquals(List.of(), snapshotsTaken);
    g.admit("DROP TABLE readings", ctx);
    assertEquals(List.of("DROP TABLE readings"), snapshotsTaken);
  }

  @Test
  void severalTargetsTakeTheStrictestOutcome() throws Exception {
    write("10-pilot-prod.yaml", PILOT_PROD);
    Guard g = factory().open(PROD, Map.of());
    g.admit("DROP TABLE tmp_1, readings", ctx);
    assertEquals(List.of("DROP TABLE tmp_1, readings"), snapshotsTaken, "readings needs a snapshot, tmp_1 not");
  }

  @Test
  void multiStatementStringIsDecidedAsAWholeBeforeAnySnapshot() throws Exception {
    write("10-pilot-prod.yaml", PILOT_PROD);
    Guard g = factory().open(PROD, Map.of());
    RefusedException e = refused(g, "DROP TABLE readings; DROP TABLE tmp_1; DROP SCHEMA s");
    assertEquals(SqlState.BLOCKED, e.refusal().state());
    assertTrue(e.getMessage().contains("  Part:       3 of 3 (no part of this SQL string or batch was run)\n"), e.getMessage());
    assertEquals(List.of(), snapshotsTaken, "no snapshot before every part passed");
  }

  @Test
  void confirmationRefusedBeforeSnapshotsAndConfirmedRuns() throws Exception {
    write("10-pilot-prod.yaml", PILOT_PROD);
    Guard g = factory().open(PROD, Map.of());
    RefusedException e =
        assertThrows(RefusedException.class, () -> g.admitAll(List.of("DROP TABLE readings", "DELETE FROM t"), ctx));
    assertEquals(SqlState.CONFIRMATION_REQUIRED, e.refusal().state());
    assertTrue(e.getMessage().contains("  Token: K7M2-9QX4 (expires in 10 minutes)\n"), e.getMessage());
    assertEquals(List.of(), snapshotsTaken);
    confirmAll = true;
    ctx.token = "K7M2-9QX4";
    g.admitAll(List.of("DROP TABLE readings", "DELETE FROM t"), ctx);
    assertEquals(List.of("DROP TABLE readings"), snapshotsTaken);
    ConfirmRequest last = confirmRequests.get(confirmRequests.size() - 1);
    assertEquals("K7M2-9QX4", last.presentedToken());
    assertEquals("api", last.presentedHow());
    assertEquals("pilot-prod", last.policyName());
    assertTrue(last.ruleLocation().endsWith("10-pilot-prod.yaml:12"), last.ruleLocation());
    assertEquals(1, ctx.consumed);
  }

  @Test
  void tokenFromConnectionSetting() throws Exception {
    write("10-pilot-prod.yaml", PILOT_PROD);
    Guard g = factory().open(PROD, Map.of("dropguard.confirm", "ABCD-EFGH"));
    refused(g, "DELETE FROM t");
    ConfirmRequest last = confirmRequests.get(confirmRequests.size() - 1);
    assertEquals("ABCD-EFGH", last.presentedToken());
    assertEquals("setting", last.presentedHow());
  }

  @Test
  void snapshotFailureStopsTheStatementWithZg003() throws Exception {
    write("10-pilot-prod.yaml", PILOT_PROD);
    Guard g = factory().open(PROD, Map.of());
    snapshotFailure = "disk full: /var/lib/dropguard";
    RefusedException e = refused(g, "TRUNCATE readings");
    assertEquals(SqlState.SNAPSHOT_FAILED, e.refusal().state());
    assertTrue(e.getMessage().contains("  Snapshot:   disk full: /var/lib/dropguard\n"), e.getMessage());
  }

  @Test
  void reportModeLetsEverythingThrough() throws Exception {
    write("10-pilot-prod.yaml", PILOT_PROD.replace("default: allow\n", "default: allow\nmode: report\n"));
    Guard g = factory().open(PROD, Map.of());
    g.admit("DROP SCHEMA s; GIBBERISH; DELETE FROM t; DROP TABLE readings", ctx);
    assertEquals(List.of(), snapshotsTaken);
    String audit = Files.readString(auditFile);
    assertEquals(4, audit.lines().count(), audit);
    assertTrue(audit.lines().allMatch(l -> l.contains("\"outcome\":\"reported\"") && l.contains("\"mode\":\"report\"")));
    assertTrue(audit.contains("\"action\":\"block\""), audit);
  }

  @Test
  void hotReloadAppliesAnEditAndKeepsTheLastValidVersionOnABrokenOne() throws Exception {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry reg =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    metrics = GuardMetrics.bindTo(reg);
    write("10-pilot-prod.yaml", PILOT_PROD);
    Guard g = factory().open(PROD, Map.of());
    assertEquals(SqlState.BLOCKED, refused(g, "DROP SCHEMA s").refusal().state());

    clock.addAndGet(5000);
    write("10-pilot-prod.yaml", PILOT_PROD.replace("[drop_database, drop_schema]\n    action: block", "[drop_database, drop_schema]\n    action: allow"));
    g.admit("DROP SCHEMA s", ctx);

    clock.addAndGet(5000);
    write("10-pilot-prod.yaml", "name: pilot-prod\nrules: [\n");
    g.admit("DROP SCHEMA s", ctx); // the last valid version (allow) stays in force
    String audit = Files.readString(auditFile);
    assertTrue(audit.contains("\"event\":\"policy_error\""), audit);
    assertTrue(audit.contains("YAML syntax error"), audit);
    assertEquals(1, audit.lines().filter(l -> l.contains("policy_error")).count());
    assertEquals(1.0, reg.get("dropguard.policy.reload.errors").counter().count());

    clock.addAndGet(5000);
    write("10-pilot-prod.yaml", PILOT_PROD);
    assertEquals(SqlState.BLOCKED, refused(g, "DROP SCHEMA s").refusal().state());
  }

  @Test
  void noFileCheckWithinTheInterval() throws Exception {
    write("10-pilot-prod.yaml", PILOT_PROD);
    Guard g = factory().open(PROD, Map.of());
    write("10-pilot-prod.yaml", CATCH_ALL); // same clock: not looked at yet
    assertEquals(SqlState.BLOCKED, refused(g, "DROP SCHEMA s").refusal().state());
    clock.addAndGet(5000);
    g.admit("DROP SCHEMA s", ctx);
  }

  @Test
  void nonDestructiveStatementsWriteNoAuditRecord() throws Exception {
    write("10-pilot-prod.yaml", PILOT_PROD);
    Guard g = factory().open(PROD, Map.of());
    g.admit("SELECT 1", ctx);
    g.admitAll(List.of("INSERT INTO t VALUES (1)", "UPDATE t SET x = 1 WHERE id = 2"), ctx);
    assertFalse(Files.exists(auditFile));
  }

  @Test
  void unknownSettingIsZg005WithASuggestion() {
    RefusedException e =
        assertThrows(RefusedException.class, () -> factory().open(PROD, Map.of("dropguard.polices", "/x")));
    assertEquals(SqlState.NO_VALID_POLICY, e.refusal().state());
    assertTrue(
        e.getMessage().contains("unknown setting connection property dropguard.polices, did you mean 'dropguard.policies'?"),
        e.getMessage());
  }

  @Test
  void metersCountDestructiveStatementsByKindActionOutcomeAndMode() throws Exception {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry reg =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    metrics = GuardMetrics.bindTo(reg);
    write("10-pilot-prod.yaml", PILOT_PROD);
    Guard g = factory().open(PROD, Map.of());
    g.admit("SELECT 1", ctx);
    refused(g, "DROP SCHEMA s");
    g.admit("DROP TABLE tmp_1", ctx);
    assertEquals(
        1.0,
        reg.get("dropguard.statements")
            .tags("kind", "drop_schema", "action", "block", "outcome", "blocked", "mode", "enforce")
            .counter()
            .count());
    assertEquals(
        1.0,
        reg.get("dropguard.statements")
            .tags("kind", "drop_table", "action", "allow", "outcome", "allowed", "mode", "enforce")
            .counter()
            .count());
    assertEquals(3, reg.get("dropguard.analysis").timer().count());
  }

  @Test
  void auditRecordOfARefusedStatement() throws Exception {
    write("10-pilot-prod.yaml", PILOT_PROD);
    Guard g = factory().open(PROD, Map.of());
    refused(g, "DROP TABLE tmp_1; DROP SCHEMA sales");
    List<String> lines = Files.readAllLines(auditFile);
    assertEquals(2, lines.size());
    Map<String, Object> first = io.dropguard.core.audit.AuditLogTestAccess.parse(lines.get(0));
    Map<String, Object> second = io.dropguard.core.audit.AuditLogTestAccess.parse(lines.get(1));
    assertEquals("not_run", first.get("outcome"));
    assertEquals("allow", first.get("action"));
    assertEquals("blocked", second.get("outcome"));
    assertEquals("block", second.get("action"));
    assertEquals(List.of("drop_schema"), second.get("kinds"));
    assertEquals(List.of("SALES"), second.get("targets"));
    assertEquals("pilot-prod", second.get("policy"));
    assertEquals(policies.resolve("10-pilot-prod.yaml") + ":5", second.get("rule"));
    assertEquals("jdbc:h2:tcp://db-1.internal/pilot;PASSWORD=***", second.get("database"));
    assertEquals("app", second.get("user"));
    assertEquals("enforce", second.get("mode"));
    assertEquals(ProcessHandle.current().pid(), ((Number) second.get("pid")).longValue());
  }

  @Test
  void everyAuditLineOfAConnectionCarriesItsMaskedUrlUserHostAndPid() throws Exception {
    write("10-pilot-prod.yaml", PILOT_PROD);
    Guard g = factory().open(PROD, Map.of());
    g.admit("DROP TABLE tmp_1", ctx);
    refused(g, "DROP SCHEMA sales");
    g.admit("TRUNCATE tmp_2", ctx);
    List<String> lines = Files.readAllLines(auditFile);
    assertEquals(3, lines.size());
    for (String l : lines) {
      Map<String, Object> m = io.dropguard.core.audit.AuditLogTestAccess.parse(l);
      assertEquals("jdbc:h2:tcp://db-1.internal/pilot;PASSWORD=***", m.get("database"), l);
      assertEquals("app", m.get("user"));
      assertEquals(io.dropguard.core.audit.Host.name(), m.get("host"));
      assertEquals(ProcessHandle.current().pid(), ((Number) m.get("pid")).longValue());
      assertFalse(l.contains("hunter2"), l);
    }
    assertEquals(List.of("allowed", "blocked", "allowed"),
        lines.stream().map(l -> io.dropguard.core.audit.AuditLogTestAccess.parse(l).get("outcome")).toList());
  }

  @Test
  void precheckRefusesOnlyWhatIsCertainAndConsumesNothing() throws Exception {
    write("10-pilot-prod.yaml", PILOT_PROD);
    Guard g = factory().open(PROD, Map.of());
    assertEquals(SqlState.BLOCKED, assertThrows(RefusedException.class, () -> g.precheck("DROP SCHEMA s", ctx)).refusal().state());
    ctx.token = "K7M2-9QX4";
    g.precheck("DELETE FROM t", ctx);
    g.precheck("DROP TABLE readings", ctx);
    assertEquals(List.of(), confirmRequests, "no confirmation asked at prepare time");
    assertEquals(List.of(), snapshotsTaken, "no snapshot at prepare time");
    assertEquals("K7M2-9QX4", ctx.token);
    assertEquals(1, Files.readAllLines(auditFile).size(), "only the refusal is recorded");
  }
}
