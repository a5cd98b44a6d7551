package io.dropguard.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Policies and tables the agent tests set up from the test JVM itself (which has no agent). */
final class Fixtures {
  private Fixtures() {}

  /** A production policy: every destructive kind blocked. */
  static Path productionPolicy() throws IOException {
    Path dir = Files.createTempDirectory("dropguard-policies");
    Files.writeString(
        dir.resolve("10-production.yaml"),
        String.join(
            "\n",
            "name: production",
            "mode: enforce",
            "rules:",
            "  - when: [drop_database, drop_schema, drop_table, drop_view, drop_other, truncate, alter_drop,"
                + " delete_all, update_all]",
            "    action: block",
            "  - when: [unparseable]",
            "    action: block",
            "default: allow",
            ""));
    return dir;
  }

  /** Production, with the per-table exception migration tools need (Liquibase empties its lock table). */
  static Path productionPolicyForTools() throws IOException {
    Path dir = Files.createTempDirectory("dropguard-policies");
    Files.writeString(
        dir.resolve("10-production.yaml"),
        String.join(
            "\n",
            "name: production-with-tools",
            "mode: enforce",
            "rules:",
            "  - when: [delete_all]",
            "    tables: [databasechangeloglock]",
            "    action: allow",
            "  - when: [drop_database, drop_schema, drop_table, drop_view, drop_other, truncate, alter_drop,"
                + " delete_all, update_all]",
            "    action: block",
            "default: allow",
            ""));
    return dir;
  }

  /** A jar of the test class path, by the start of its file name (such as {@code h2-}). */
  static Path jar(String fileNamePrefix) {
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (p.getFileName() != null && p.getFileName().toString().startsWith(fileNamePrefix) && entry.endsWith(".jar")) {
        return p;
      }
    }
    throw new IllegalStateException("no " + fileNamePrefix + "*.jar on the test class path");
  }

  static void createTables(Connection connection, String... tables) throws SQLException {
    try (Statement s = connection.createStatement()) {
      for (String table : tables) {
        s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(40))");
        for (int i = 1; i <= 3; i++) {
          s.execute("INSERT INTO " + table + " VALUES (" + i + ", 'row " + i + "')");
        }
      }
    }
  }

  static void dropTables(Connection connection, String... tables) throws SQLException {
    try (Statement s = connection.createStatement()) {
      for (String table : tables) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  /** Row count, or -1 when the table does not exist. */
  static int rows(Connection connection, String table) throws SQLException {
    if (!exists(connection, table)) {
      return -1;
    }
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static boolean exists(Connection connection, String table) throws SQLException {
    DatabaseMetaData md = connection.getMetaData();
    for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT), table.toLowerCase(java.util.Locale.ROOT)}) {
      try (ResultSet rs = md.getTables(null, null, name, null)) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  static Connection h2File(Path dir) throws SQLException {
    return DriverManager.getConnection("jdbc:h2:file:" + dir + "/pilot", "sa", "");
  }
}
