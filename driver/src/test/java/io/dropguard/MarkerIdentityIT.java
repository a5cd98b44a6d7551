package io.dropguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.identity.MarkerStore;
import io.dropguard.testing.PolicyFiles;
import io.dropguard.testing.Rows;
import io.dropguard.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity marker on the real servers, each test in a schema (PostgreSQL) or database (MariaDB) of its own so
 * that no other test sees its marker.
 */
class MarkerIdentityIT {
  @TempDir Path temp;

  private Path policies() {
    Path dir = PolicyFiles.blockByMarker(temp.resolve("policies"), "production");
    return PolicyFiles.allowAll(dir);
  }

  private static Connection guarded(String realUrl, Properties credentials, Path policies) throws SQLException {
    Properties p = new Properties();
    p.putAll(credentials);
    p.setProperty("dropguard.policies", policies.toString());
    return DriverManager.getConnection("jdbc:dropguard:" + realUrl.substring(5), p);
  }

  private static void assertMarkerGoverns(String realUrl, Properties credentials, Path policies) throws SQLException {
    try (Connection g = guarded(realUrl, credentials, policies)) {
      assertEquals("production", ((GuardedConnection) g).identity().marker());
      SQLException e = assertThrows(SQLException.class, () -> g.createStatement().execute("DROP TABLE precious"));
      assertEquals("ZG001", e.getSQLState(), e.getMessage());
    }
  }

  @Test
  void postgresMarkerIsReadAndAnUnreadableOneFallsBackToUrlMatching() throws Exception {
    TestDatabase.POSTGRES.require();
    String schema = TestDatabase.uniqueName("dg_m");
    String role = TestDatabase.uniqueName("dg_np");
    String url = TestDatabase.POSTGRES.url() + "?currentSchema=" + schema;
    try (Connection admin = DriverManager.getConnection(TestDatabase.POSTGRES.url(), TestDatabase.POSTGRES.credentials());
        Statement st = admin.createStatement()) {
      st.execute("create schema " + schema);
      try {
        try (Connection c = DriverManager.getConnection(url, TestDatabase.POSTGRES.credentials())) {
          MarkerStore.Written w = MarkerStore.forDialect(Dialect.POSTGRES).write(c, "production", "test");
          assertEquals(schema + ".dropguard_identity", w.location());
          c.createStatement().execute("create table precious (id int)");
        }
        assertMarkerGoverns(url, TestDatabase.POSTGRES.credentials(), policies());

        // A user who may not read the marker: said once on the log, and matched by URL, never unguarded.
        st.execute("create role " + role + " login");
        st.execute("grant usage, create on schema " + schema + " to " + role);
        st.execute("revoke all on " + schema + ".dropguard_identity from public");
        st.execute("alter table " + schema + ".precious owner to " + role);
        Properties weak = new Properties();
        weak.setProperty("user", role);
        weak.setProperty("password", "");
        Path byUrl =
            PolicyFiles.write(
                temp.resolve("by-url"),
                "50-by-url.yaml",
                "name: by-url\nmatch:\n  url: \"jdbc:postgresql://127.0.0.1:5432/test*\"\n"
                    + PolicyFiles.BLOCK_DESTRUCTIVE.substring(PolicyFiles.BLOCK_DESTRUCTIVE.indexOf("mode:")));
        String weakUrl = url + "&ApplicationName=" + role; // its own cache entry
        try (Connection g = guarded(weakUrl, weak, byUrl)) {
          assertNull(((GuardedConnection) g).identity().marker());
          g.setAutoCommit(false);
          g.createStatement().execute("insert into precious values (1)"); // the marker read aborted nothing
          SQLException e = assertThrows(SQLException.class, () -> g.createStatement().execute("DROP TABLE precious"));
          assertEquals("ZG001", e.getSQLState(), e.getMessage());
          g.createStatement().execute("insert into precious values (2)");
          g.commit();
        }
        try (Connection c = DriverManager.getConnection(url, TestDatabase.POSTGRES.credentials())) {
          assertEquals(2, Rows.count(c, "precious"));
        }
      } finally {
        st.execute("drop schema " + schema + " cascade");
        st.execute("drop role if exists " + role);
      }
    }
  }

  @Test
  void mariaDbMarkerIsRead() throws Exception {
    TestDatabase.MARIADB.require();
    String database = TestDatabase.uniqueName("dg_m");
    String url = "jdbc:mariadb://127.0.0.1:3306/" + database;
    try (Connection admin = DriverManager.getConnection(TestDatabase.MARIADB.url(), TestDatabase.MARIADB.credentials());
        Statement st = admin.createStatement()) {
      st.execute("create database " + database);
      try {
        try (Connection c = DriverManager.getConnection(url, TestDatabase.MARIADB.credentials())) {
          MarkerStore.Written w = MarkerStore.forDialect(Dialect.MYSQL).write(c, "production", "test");
          assertEquals(database + ".dropguard_identity", w.location());
          c.createStatement().execute("create table precious (id int)");
        }
        assertMarkerGoverns(url, TestDatabase.MARIADB.credentials(), policies());
        try (Connection c = DriverManager.getConnection(url, TestDatabase.MARIADB.credentials())) {
          assertTrue(Rows.tableExists(c, "precious"));
        }
      } finally {
        st.execute("drop database " + database);
      }
    }
  }
}
