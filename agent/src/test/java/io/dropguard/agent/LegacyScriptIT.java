package io.dropguard.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.agent.apps.LegacyResetScript;
import io.dropguard.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The founding incident, replayed: an unchanged legacy script with hard-coded URLs, run once under the agent and
 * a production policy (nothing destroyed, the script sees the SQLStates) and once without the agent (everything
 * destroyed), so the agent is proven to be what made the difference.
 */
class LegacyScriptIT {
  private static final List<String> REFUSED_EVERY_STEP =
      List.of("STEP delete REFUSED ZG001", "STEP multi REFUSED ZG001", "STEP batch REFUSED ZG001");

  @TempDir Path h2Dir;

  @Test
  void underTheAgentTheH2ScriptDestroysNothingAndSeesTheSqlStates() throws Exception {
    try (Connection c = Fixtures.h2File(h2Dir)) {
      Fixtures.createTables(c, "runs", "audit", "config");
    }
    ChildJvm.Result result =
        ChildJvm.withAgent("policies=" + Fixtures.productionPolicy())
            .run(LegacyResetScript.class, "h2", h2Dir.toString(), "runs", "audit", "config");

    assertEquals(0, result.exitCode(), result.describe());
    assertEquals(REFUSED_EVERY_STEP, result.stdoutLines(), result.describe());
    assertTrue(result.stderr().contains("DropGuard agent "), result.describe());
    try (Connection c = Fixtures.h2File(h2Dir)) {
      assertEquals(3, Fixtures.rows(c, "runs"), result.describe());
      assertEquals(3, Fixtures.rows(c, "audit"), result.describe());
      assertEquals(3, Fixtures.rows(c, "config"), result.describe());
    }
  }

  @Test
  void withoutTheAgentTheSameH2ScriptDestroysEverything() throws Exception {
    try (Connection c = Fixtures.h2File(h2Dir)) {
      Fixtures.createTables(c, "runs", "audit", "config");
    }
    ChildJvm.Result result =
        ChildJvm.withoutAgent().run(LegacyResetScript.class, "h2", h2Dir.toString(), "runs", "audit", "config");

    assertEquals(0, result.exitCode(), result.describe());
    assertEquals("STEP delete OK", result.stdoutLines().get(0), result.describe());
    assertEquals("STEP multi OK", result.stdoutLines().get(1), result.describe());
    try (Connection c = Fixtures.h2File(h2Dir)) {
      assertEquals(0, Fixtures.rows(c, "runs"));
      assertEquals(0, Fixtures.rows(c, "audit"));
      assertEquals(-1, Fixtures.rows(c, "config"), "DROP TABLE ran");
    }
  }

  @Test
  void underTheAgentThePostgresScriptDestroysNothing() throws Exception {
    TestDatabase.POSTGRES.require();
    String a = TestDatabase.uniqueName("runs");
    String b = TestDatabase.uniqueName("audit");
    String c = TestDatabase.uniqueName("config");
    try (Connection connection = DriverManager.getConnection(TestDatabase.POSTGRES.url(), TestDatabase.POSTGRES.credentials())) {
      Fixtures.createTables(connection, a, b, c);
      try {
        ChildJvm.Result result =
            ChildJvm.withAgent("policies=" + Fixtures.productionPolicy())
                .run(LegacyResetScript.class, "postgres", "-", a, b, c);

        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(REFUSED_EVERY_STEP, result.stdoutLines(), result.describe());
        assertEquals(3, Fixtures.rows(connection, a), result.describe());
        assertEquals(3, Fixtures.rows(connection, b), result.describe());
        assertEquals(3, Fixtures.rows(connection, c), result.describe());

        ChildJvm.Result unguarded = ChildJvm.withoutAgent().run(LegacyResetScript.class, "postgres", "-", a, b, c);
        assertEquals("STEP delete OK", unguarded.stdoutLines().get(0), unguarded.describe());
        assertEquals(-1, Fixtures.rows(connection, c), "without the agent, DROP TABLE ran");
      } finally {
        Fixtures.dropTables(connection, a, b, c);
      }
    }
  }

  @Test
  void theAgentWritesNothingOnStandardOutputAndLeavesNoNonDaemonThread() throws Exception {
    try (Connection c = Fixtures.h2File(h2Dir)) {
      Fixtures.createTables(c, "runs", "audit", "config");
    }
    ChildJvm.Result result =
        ChildJvm.withAgent("policies=" + Fixtures.productionPolicy())
            .run(LegacyResetScript.class, "h2", h2Dir.toString(), "runs", "audit", "config");

    // the child ended by itself (ChildJvm fails on a hang); nothing but the script's own lines on stdout
    assertTrue(result.stdoutLines().stream().allMatch(l -> l.startsWith("STEP ")), result.describe());
    assertTrue(result.stderr().contains("NON-DAEMON-THREADS []"), result.describe());
    assertTrue(Files.exists(h2Dir.resolve("pilot.mv.db")));
  }
}
