package io.dropguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.testing.PolicyFiles;
import io.dropguard.testing.Rows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipes README.md (Flyway and Liquibase) gives for Flyway and Liquibase, which do not recognise a {@code jdbc:dropguard:} URL
 * in their own URL settings: Flyway with a guarded DataSource, Liquibase with a guarded connection (or
 * {@code --driver=io.dropguard.driver.DropGuardDriver}). Migrations run; {@code clean}/{@code dropAll} are stopped.
 */
class MigrationToolRecipesTest {
  /** Destructive kinds blocked, except the unscoped DELETE Liquibase runs on its lock table during every update. */
  private static final String POLICY =
      "name: migrations\n"
          + "rules:\n"
          + "  - when: [delete_all]\n"
          + "    tables: [\"databasechangeloglock\", \"DATABASECHANGELOGLOCK\"]\n"
          + "    action: allow\n"
          + PolicyFiles.BLOCK_DESTRUCTIVE.substring(PolicyFiles.BLOCK_DESTRUCTIVE.indexOf("rules:\n") + 7);

  @TempDir Path temp;
  private String url;

  @BeforeEach
  void policies() {
    url = "jdbc:h2:file:" + temp.resolve("migrated").toAbsolutePath();
    System.setProperty("dropguard.policies", PolicyFiles.write(temp.resolve("policies"), "p.yaml", POLICY).toString());
    System.setProperty("dropguard.audit", temp.resolve("audit.log").toString());
  }

  @AfterEach
  void clear() {
    System.clearProperty("dropguard.policies");
    System.clearProperty("dropguard.audit");
  }

  private DataSource h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url);
    ds.setUser("sa");
    return ds;
  }

  @Test
  void flywayWithAGuardedDataSourceMigratesButCannotClean() throws Exception {
    Path migrations = Files.createDirectories(temp.resolve("db"));
    Files.writeString(migrations.resolve("V1__orders.sql"), "create table orders (id int primary key);\ninsert into orders values (1);\n");
    Flyway flyway =
        Flyway.configure()
            .dataSource(DropGuard.wrap(h2()))
            .locations("filesystem:" + migrations)
            .cleanDisabled(false)
            .load();
    assertEquals(1, flyway.migrate().migrationsExecuted);
    Exception e = assertThrows(Exception.class, flyway::clean);
    assertNotNull(zgState(e), "refused by DropGuard: " + e);
    try (Connection raw = DriverManager.getConnection(url, "sa", "")) {
      assertTrue(Rows.tableExists(raw, "orders"));
      assertEquals(1, Rows.count(raw, "orders"));
    }
  }

  @Test
  void liquibaseWithTheDropGuardDriverUpdatesButCannotDropAll() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("changelog"));
    Files.writeString(
        dir.resolve("changelog.sql"),
        "--liquibase formatted sql\n--changeset test:1\ncreate table invoices (id int primary key);\n"
            + "insert into invoices values (1);\n");
    Properties p = new Properties();
    p.setProperty("user", "sa");
    try (Connection c = new io.dropguard.driver.DropGuardDriver().connect("jdbc:dropguard:" + url.substring(5), p)) {
      Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      @SuppressWarnings("deprecation")
      Liquibase liquibase = new Liquibase("changelog.sql", new DirectoryResourceAccessor(dir), db);
      liquibase.update("");
      Exception e = assertThrows(Exception.class, liquibase::dropAll);
      assertNotNull(zgState(e), "refused by DropGuard: " + e);
    }
    try (Connection raw = DriverManager.getConnection(url, "sa", "")) {
      assertTrue(Rows.tableExists(raw, "invoices"));
      assertEquals(1, Rows.count(raw, "invoices"));
    }
  }

  private static String zgState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException && ((SQLException) t).getSQLState() != null
          && ((SQLException) t).getSQLState().startsWith("ZG")) {
        return ((SQLException) t).getSQLState();
      }
    }
    return null;
  }
}
