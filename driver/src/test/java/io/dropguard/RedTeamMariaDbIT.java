package io.dropguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.testing.PolicyFiles;
import io.dropguard.testing.Rows;
import io.dropguard.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Red-team attempts on the real MariaDB server through {@code jdbc:dropguard:mariadb:...?allowMultiQueries=true}:
 * each statement ({@code %s} the test table, {@code %x} the hex of {@code DROP TABLE <table>}) destroys data, or might
 * (DropGuard reads it the way that destroys), and must be refused before it reaches the server.
 */
class RedTeamMariaDbIT {
  private static final Set<String> REFUSED = Set.of("ZG001", "ZG004");

  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DELETE FROM %s WHERE id <=> id",
        "DELETE FROM %s WHERE id = 1 || 1",
        "UPDATE %s SET a = 0 WHERE id = 7 || TRUE",
        "UPDATE %s SET a = 0 WHERE a <=> a",
        "PREPARE s FROM X'%x'; EXECUTE s",
        "PREPARE s FROM 0x%x; EXECUTE s",
        "SET @q = 'DROP TABLE %s'; PREPARE s FROM @q; EXECUTE s",
        "PREPARE s FROM 'DROP' ' TABLE %s'; EXECUTE s",
        "/*M!DROP TABLE %s*/",
        "/*!50000DROP TABLE %s*/",
        "/*!DROP*/ TABLE %s",
        "SELECT 1 --; DROP TABLE %s",
        "SELECT 1 --\n; DROP TABLE %s",
        "SELECT 1 # x\n; TRUNCATE TABLE %s",
        "DELETE FROM %s WHERE id = 1 /*! OR 1 */",
        "DELETE FROM %s WHERE 1",
        "DELETE FROM %s WHERE 'a' = 'a' ORDER BY id LIMIT 5",
        "DELETE %1$s FROM %1$s JOIN (SELECT 1 AS x) u ON 1 = 1",
        "ANALYZE DELETE FROM %s",
        "CREATE OR REPLACE TABLE %s AS SELECT 1 AS id",
        "CREATE EVENT %1$s_ev ON SCHEDULE AT CURRENT_TIMESTAMP + INTERVAL 1 DAY DO DROP TABLE %1$s",
        "ALTER TABLE %s DROP COLUMN a",
        "DROP\u00a0TABLE %s",
      })
  void refused(String template) throws Exception {
    TestDatabase.MARIADB.require();
    String table = TestDatabase.uniqueName("dg_rt");
    String url = TestDatabase.MARIADB.url() + "?allowMultiQueries=true";
    try (Connection raw = DriverManager.getConnection(url, TestDatabase.MARIADB.credentials())) {
      try (Statement st = raw.createStatement()) {
        st.execute("create table " + table + " (id int primary key, a int)");
        st.execute("insert into " + table + " values (1, 1), (2, 2)");
      }
      Properties p = TestDatabase.MARIADB.credentials();
      p.setProperty("dropguard.policies", PolicyFiles.blockDestructive(temp).toString());
      try (Connection g = DriverManager.getConnection("jdbc:dropguard:" + url.substring(5), p);
          Statement st = g.createStatement()) {
        String hex = HexFormat.of().formatHex(("DROP TABLE " + table).getBytes(StandardCharsets.UTF_8));
        String sql = String.format(template.replace("%x", hex), table);
        SQLException e = assertThrows(SQLException.class, () -> st.execute(sql));
        assertTrue(REFUSED.contains(e.getSQLState()), e.getSQLState() + ": " + e.getMessage());
      } finally {
        assertTrue(Rows.tableExists(raw, table));
        assertEquals(2, Rows.count(raw, table));
        try (Statement st = raw.createStatement(); var rs = st.executeQuery("select sum(a) from " + table)) {
          rs.next();
          assertEquals(3, rs.getInt(1));
        }
        try (Statement st = raw.createStatement()) {
          st.execute("drop table if exists " + table);
        }
      }
    }
  }
}
