package io.dropguard.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.agent.apps.LegacyResetScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the agent's policies cannot be loaded, the connections it would have guarded are refused (ZG005), and it
 * says why on standard error; {@code on_config_error=warn} is the documented escape (the built-in default policy
 * then guards, so destruction is still stopped).
 */
class FailClosedIT {
  @TempDir Path h2Dir;

  private Path brokenPolicies() throws Exception {
    Path dir = Files.createTempDirectory("dropguard-broken");
    Files.writeString(dir.resolve("10-broken.yaml"), "name: broken\nrules:\n  - when: [drop_table\n    action: block\n");
    return dir;
  }

  @Test
  void aBrokenPolicyFileRefusesEveryConnection() throws Exception {
    try (Connection c = Fixtures.h2File(h2Dir)) {
      Fixtures.createTables(c, "runs", "audit", "config");
    }
    ChildJvm.Result result =
        ChildJvm.withAgent("policies=" + brokenPolicies())
            .run(LegacyResetScript.class, "h2", h2Dir.toString(), "runs", "audit", "config");

    assertEquals("CONNECT REFUSED ZG005", result.stdout().strip(), result.describe());
    assertTrue(result.stderr().contains("10-broken.yaml"), result.describe());
    try (Connection c = Fixtures.h2File(h2Dir)) {
      assertEquals(3, Fixtures.rows(c, "config"));
    }
  }

  @Test
  void aMistypedAgentOptionRefusesEveryConnectionAndSuggestsTheSetting() throws Exception {
    try (Connection c = Fixtures.h2File(h2Dir)) {
      Fixtures.createTables(c, "runs", "audit", "config");
    }
    ChildJvm.Result result =
        ChildJvm.withAgent("polcies=" + Fixtures.productionPolicy())
            .run(LegacyResetScript.class, "h2", h2Dir.toString(), "runs", "audit", "config");

    assertEquals("CONNECT REFUSED ZG005", result.stdout().strip(), result.describe());
    assertTrue(result.stderr().contains("did you mean 'dropguard.policies'"), result.describe());
  }

  @Test
  void warnOnlyLetsConnectionsThroughUnderTheBuiltInDefaultPolicy() throws Exception {
    try (Connection c = Fixtures.h2File(h2Dir)) {
      Fixtures.createTables(c, "runs", "audit", "config");
    }
    ChildJvm.Result result =
        ChildJvm.withAgent("policies=" + brokenPolicies() + ",on_config_error=warn")
            .run(LegacyResetScript.class, "h2", h2Dir.toString(), "runs", "audit", "config");

    assertEquals(0, result.exitCode(), result.describe());
    assertTrue(result.stdoutLines().stream().allMatch(l -> l.startsWith("STEP ") && l.contains(" REFUSED ZG")),
        result.describe());
    assertTrue(result.stderr().contains("10-broken.yaml"), result.describe());
    try (Connection c = Fixtures.h2File(h2Dir)) {
      assertEquals(3, Fixtures.rows(c, "runs"));
      assertEquals(3, Fixtures.rows(c, "config"));
    }
  }
}
