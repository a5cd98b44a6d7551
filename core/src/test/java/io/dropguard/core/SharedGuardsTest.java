package io.dropguard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.SqlAnalyzer;
import io.dropguard.core.confirm.Confirmation;
import io.dropguard.core.metrics.GuardMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guards of a wrapped DataSource: one per identity, settings read again after the interval, refusals never
 * kept. The environment is a map the test edits (read on every resolution, unlike the process environment).
 */
class SharedGuardsTest {
  static final long INTERVAL = 1_000;
  static final ConnectionIdentity PROD =
      new ConnectionIdentity("jdbc:h2:tcp://db-1.internal/pilot", "app", "H2", "2.3", null, Dialect.H2);
  static final ConnectionIdentity LAPTOP =
      new ConnectionIdentity("jdbc:h2:tcp://localhost/dev", "me", "H2", "2.3", null, Dialect.H2);
  static final String BLOCK_PROD_ONLY =
      "name: prod\nmatch:\n  url: \"jdbc:h2:tcp://db-1.internal/*\"\nrules:\n  - when: [drop_table]\n"
          + "    action: block\ndefault: allow\n";
  static final String ALLOW_ALL = "name: laptop\nrules: []\ndefault: allow\n";

  @TempDir Path dir;
  final Map<String, String> env = new HashMap<>();
  final AtomicLong clock = new AtomicLong();
  GuardFactory factory;
  FakeContext ctx;

  @BeforeEach
  void setUp() throws Exception {
    env.put("DROPGUARD_STATE_DIR", dir.resolve("state").toString());
    env.put("DROPGUARD_AUDIT", dir.resolve("audit.log").toString());
    Guard.Seams seams =
        new Guard.Seams(
            () -> (c, i, statement, findings, options) -> "snap",
            s -> r -> new Confirmation(false, null, null, "Token: ABCD-EFGH"));
    factory = new GuardFactory(SqlAnalyzer.shared()::analyze, seams, () -> env, GuardMetrics.none(), clock::get, INTERVAL);
    ctx = new FakeContext();
  }

  Path policies(String name, String yaml) throws Exception {
    Path d = Files.createDirectories(dir.resolve("policies"));
    Path f = d.resolve(name);
    Files.writeString(f, yaml);
    // a later mtime than any earlier write, even on coarse file systems
    Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() + 10_000 + clock.get()));
    return d;
  }

  @Test
  void oneGuardPerIdentityUntilTheIntervalHasPassed() throws Exception {
    env.put("DROPGUARD_POLICIES", policies("10-prod.yaml", BLOCK_PROD_ONLY).toString());
    policies("90-laptop.yaml", ALLOW_ALL);
    SharedGuards guards = factory.sharedGuards();
    Guard prod = guards.open(PROD);
    assertSame(prod, guards.open(PROD));
    Guard laptop = guards.open(LAPTOP);
    assertNotSame(prod, laptop);
    assertEquals("prod", prod.policy().name());
    assertEquals("laptop", laptop.policy().name());
    assertEquals(LAPTOP, laptop.identity());
    clock.addAndGet(INTERVAL);
    Guard again = guards.open(PROD);
    assertNotSame(prod, again, "built again with settings read again");
    assertEquals("prod", again.policy().name());
  }

  @Test
  void aChangedSettingTakesEffectAfterTheInterval() throws Exception {
    Path block = Files.createDirectories(dir.resolve("block"));
    Files.writeString(block.resolve("p.yaml"), BLOCK_PROD_ONLY);
    Path allow = Files.createDirectories(dir.resolve("allow"));
    Files.writeString(allow.resolve("p.yaml"), ALLOW_ALL);
    env.put("DROPGUARD_POLICIES", block.toString());
    SharedGuards guards = factory.sharedGuards();
    assertThrows(RefusedException.class, () -> guards.open(PROD).admit("DROP TABLE t", ctx));
    env.put("DROPGUARD_POLICIES", allow.toString());
    clock.addAndGet(INTERVAL - 1);
    assertEquals("prod", guards.open(PROD).policy().name(), "within the interval: the settings read before");
    clock.addAndGet(1);
    Guard g = guards.open(PROD);
    assertEquals("laptop", g.policy().name());
    g.admit("DROP TABLE t", ctx);
  }

  @Test
  void anUnknownSettingIsRefusedAndTheRefusalIsNotKept() throws Exception {
    env.put("DROPGUARD_POLICIES", policies("p.yaml", ALLOW_ALL).toString());
    SharedGuards guards = factory.sharedGuards();
    guards.open(PROD);
    env.put("DROPGUARD_POLICES", "typo");
    guards.open(PROD); // the settings read before, for at most the interval
    clock.addAndGet(INTERVAL);
    RefusedException e = assertThrows(RefusedException.class, () -> guards.open(PROD));
    assertEquals(SqlState.NO_VALID_POLICY, e.refusal().state());
    assertEquals(SqlState.NO_VALID_POLICY, assertThrows(RefusedException.class, () -> guards.open(LAPTOP)).refusal().state());
    env.remove("DROPGUARD_POLICES");
    assertEquals("laptop", guards.open(PROD).policy().name(), "fixed: the next borrow reads the settings again");
  }

  @Test
  void noValidPolicyIsNotKeptAndAReusedGuardIsRefusedWhenItsPolicyIsGone() throws Exception {
    env.put("DROPGUARD_POLICIES", policies("10-prod.yaml", BLOCK_PROD_ONLY).toString());
    SharedGuards guards = new SharedGuards(factory, clock::get, 100 * INTERVAL);
    assertEquals(
        SqlState.NO_VALID_POLICY, assertThrows(RefusedException.class, () -> guards.open(LAPTOP)).refusal().state());
    policies("90-laptop.yaml", ALLOW_ALL);
    clock.addAndGet(INTERVAL); // the policy files' check interval, not the settings'
    assertEquals("laptop", guards.open(LAPTOP).policy().name());
    Guard prod = guards.open(PROD);
    policies("10-prod.yaml", BLOCK_PROD_ONLY.replace("db-1.internal", "db-2.internal"));
    Files.delete(dir.resolve("policies/90-laptop.yaml"));
    clock.addAndGet(INTERVAL);
    assertEquals(
        SqlState.NO_VALID_POLICY, assertThrows(RefusedException.class, () -> guards.open(PROD)).refusal().state());
    policies("90-laptop.yaml", ALLOW_ALL);
    clock.addAndGet(INTERVAL);
    Guard again = guards.open(PROD);
    assertNotSame(prod, again);
    assertEquals("laptop", again.policy().name());
  }

  @Test
  void aPolicyDirectoryThatAppearsLaterGovernsAfterTheInterval() throws Exception {
    SharedGuards guards = factory.sharedGuards();
    assertEquals("built-in default", guards.open(PROD).policy().name());
    Path d = Files.createDirectories(dir.resolve("state/policies"));
    Files.writeString(d.resolve("all.yaml"), ALLOW_ALL);
    assertEquals("built-in default", guards.open(PROD).policy().name());
    clock.addAndGet(INTERVAL);
    assertEquals("laptop", guards.open(PROD).policy().name());
  }

  @Test
  void onConfigErrorWarnStillFallsBackToTheBuiltInDefault() throws Exception {
    env.put("DROPGUARD_POLICIES", policies("10-prod.yaml", BLOCK_PROD_ONLY).toString());
    env.put("DROPGUARD_ON_CONFIG_ERROR", "warn");
    env.put("DROPGUARD_XYZZY", "1");
    SharedGuards guards = factory.sharedGuards();
    assertEquals("built-in default", guards.open(LAPTOP).policy().name());
    assertEquals("built-in default", guards.open(LAPTOP).policy().name());
    assertEquals("prod", guards.open(PROD).policy().name());
  }

  @Test
  void atMostSixtyFourIdentitiesAreKept() throws Exception {
    env.put("DROPGUARD_POLICIES", policies("p.yaml", ALLOW_ALL).toString());
    SharedGuards guards = factory.sharedGuards();
    Guard first = guards.open(PROD);
    for (int i = 1; i < SharedGuards.MAX_IDENTITIES; i++) {
      ConnectionIdentity id = new ConnectionIdentity("jdbc:h2:mem:db" + i, "sa", "H2", "2", null, Dialect.H2);
      assertEquals(id, guards.open(id).identity());
    }
    assertSame(first, guards.open(PROD));
    ConnectionIdentity one = new ConnectionIdentity("jdbc:h2:mem:one-more", "sa", "H2", "2", null, Dialect.H2);
    assertEquals(one, guards.open(one).identity());
    Guard rebuilt = guards.open(PROD);
    assertNotSame(first, rebuilt, "all dropped when one more came");
    assertEquals(PROD, rebuilt.identity());
  }
}
