package io.dropguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.identity.MarkerStore;
import io.dropguard.testing.Engine;
import io.dropguard.testing.PolicyFiles;
import io.dropguard.testing.Rows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity marker is read when a connection is guarded, and a policy can match it whatever the URL. */
class MarkerIdentityTest {
  @TempDir Path temp;

  private Connection guarded(String realUrl, Path policies) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "sa");
    p.setProperty("dropguard.policies", policies.toString());
    return DriverManager.getConnection("jdbc:dropguard:" + realUrl.substring(5), p);
  }

  @Test
  void aMarkedDatabaseIsGovernedByItsMarkerPolicyWhateverTheUrl() throws Exception {
    Engine.requirePolicies();
    Path policies = PolicyFiles.allowAll(PolicyFiles.blockByMarker(temp.resolve("policies"), "production"));
    String marked = "jdbc:h2:file:" + temp.resolve("marked").toAbsolutePath();
    // the same database by another spelling of its URL: the marker, not the URL, makes the policy match
    String alias = "jdbc:h2:" + temp.resolve("marked").toAbsolutePath() + ";IFEXISTS=TRUE";
    String unmarked = "jdbc:h2:file:" + temp.resolve("unmarked").toAbsolutePath();
    try (Connection raw = DriverManager.getConnection(marked, "sa", "");
        Connection other = DriverManager.getConnection(unmarked, "sa", "")) {
      MarkerStore.forDialect(Dialect.H2).write(raw, "production", "test");
      for (Connection c : new Connection[] {raw, other}) {
        try (Statement st = c.createStatement()) {
          st.execute("create table precious (id int)");
        }
      }
      try (Connection g = guarded(alias, policies)) {
        assertEquals("production", ((GuardedConnection) g).identity().marker());
        SQLException e =
            org.junit.jupiter.api.Assertions.assertThrows(
                SQLException.class, () -> g.createStatement().execute("DROP TABLE precious"));
        assertEquals("ZG001", e.getSQLState(), e.getMessage());
      }
      try (Connection g = guarded(unmarked, policies)) {
        assertNull(((GuardedConnection) g).identity().marker());
        g.createStatement().execute("DROP TABLE precious"); // the catch-all allows it here
      }
      assertEquals(true, Rows.tableExists(raw, "precious"));
      assertEquals(false, Rows.tableExists(other, "precious"));
    }
  }
}
