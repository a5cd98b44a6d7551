package io.dropguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.testing.PolicyFiles;
import io.dropguard.testing.Rows;
import io.dropguard.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** MySQL executable comments ({@code /*! ... *}{@code /}) are run by MariaDB, so they are refused like plain SQL. */
class MariaDbExecutableCommentIT {
  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/*!50000 DROP TABLE %s */",
        "/*! DROP TABLE %s */",
        "SELECT 1 /*!, 2; DROP TABLE %s */",
        "/*M!100000 TRUNCATE TABLE %s */",
      })
  void executableCommentsAreRefused(String template) throws Exception {
    TestDatabase.MARIADB.require();
    String table = TestDatabase.uniqueName("dg_x");
    String url = TestDatabase.MARIADB.url() + "?allowMultiQueries=true";
    try (Connection raw = DriverManager.getConnection(url, TestDatabase.MARIADB.credentials())) {
      try (Statement st = raw.createStatement()) {
        st.execute("create table " + table + " (id int)");
        st.execute("insert into " + table + " values (1)");
      }
      try {
        Properties p = TestDatabase.MARIADB.credentials();
        p.setProperty("dropguard.policies", PolicyFiles.blockDestructive(temp).toString());
        try (Connection g = DriverManager.getConnection("jdbc:dropguard:" + url.substring(5), p)) {
          String sql = String.format(template, table);
          SQLException e = assertThrows(SQLException.class, () -> g.createStatement().execute(sql));
          assertEquals("ZG001", e.getSQLState(), e.getMessage());
        }
        assertTrue(Rows.tableExists(raw, table));
        assertEquals(1, Rows.count(raw, table));
      } finally {
        try (Statement st = raw.createStatement()) {
          st.execute("drop table if exists " + table);
        }
      }
    }
  }
}
