package io.dropguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dropguard.core.GuardFactory;
import io.dropguard.core.SharedGuards;
import io.dropguard.core.policy.PolicySource;
import io.dropguard.testing.PolicyFiles;
import io.dropguard.testing.Rows;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DropGuard.wrap(dataSource)} reuses the guard of an identity across borrows (settings from system
 * properties read again at most once per interval), yet guards every borrow, per the identity of that borrow.
 * The clock is the test's: no sleeps.
 */
class WrappedDataSourceReuseTest {
  private static final String POLICIES = "dropguard.policies";
  private static final long INTERVAL = PolicySource.CHECK_INTERVAL_NANOS;

  @TempDir Path temp;
  private final AtomicLong clock = new AtomicLong();

  @AfterEach
  void clearProperties() {
    System.clearProperty(POLICIES);
    System.clearProperty("dropguard.polices");
  }

  private DataSource wrapWithTestClock(DataSource ds) {
    return new GuardedDataSource(ds, new SharedGuards(GuardFactory.shared(), clock::get, INTERVAL));
  }

  private static JdbcDataSource h2(String name) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    return ds;
  }

  private static String dropState(Connection c, String table) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS " + table + " (id INT)");
      try {
        st.execute("DROP TABLE " + table);
        return null;
      } catch (SQLException e) {
        return e.getSQLState();
      }
    }
  }

  @Test
  void everyBorrowOfAPooledConnectionIsGuarded() throws Exception {
    System.setProperty(POLICIES, PolicyFiles.blockDestructive(temp.resolve("p")).toString());
    HikariConfig config = new HikariConfig();
    config.setDataSource(h2("reuse_every"));
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(2);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      DataSource guarded = DropGuard.wrap(pool);
      for (int i = 1; i <= 100; i++) {
        try (Connection c = guarded.getConnection()) {
          assertTrue(DropGuard.isGuarded(c), "borrow " + i);
          assertEquals("ZG001", dropState(c, "t"), "borrow " + i);
          assertTrue(Rows.tableExists(c, "t"), "borrow " + i);
        }
      }
    }
  }

  @Test
  void aChangedSystemPropertyTakesEffectOnABorrowAfterTheInterval() throws Exception {
    Path block = PolicyFiles.blockDestructive(temp.resolve("block"));
    Path allow = PolicyFiles.allowAll(temp.resolve("allow"));
    System.setProperty(POLICIES, block.toString());
    DataSource guarded = wrapWithTestClock(h2("reuse_change"));
    try (Connection c = guarded.getConnection()) {
      assertEquals("ZG001", dropState(c, "t"));
    }
    System.setProperty(POLICIES, allow.toString());
    clock.addAndGet(INTERVAL - 1);
    try (Connection c = guarded.getConnection()) {
      assertEquals("ZG001", dropState(c, "t"), "within the interval the settings read before still apply");
    }
    clock.addAndGet(1);
    try (Connection c = guarded.getConnection()) {
      assertEquals(null, dropState(c, "t"), "allowed by the policies now configured");
      assertFalse(Rows.tableExists(c, "t"));
    }
  }

  @Test
  void aRefusalForAnUnknownSettingIsNotKeptOnceFixed() throws Exception {
    System.setProperty(POLICIES, PolicyFiles.blockDestructive(temp.resolve("p")).toString());
    DataSource guarded = wrapWithTestClock(h2("reuse_refusal"));
    guarded.getConnection().close();
    System.setProperty("dropguard.polices", "typo");
    clock.addAndGet(INTERVAL);
    for (int i = 0; i < 2; i++) {
      NoValidPolicyException e = assertThrows(NoValidPolicyException.class, guarded::getConnection);
      assertEquals("ZG005", e.getSQLState());
      assertTrue(e.getMessage().contains("dropguard.polices"), e.getMessage());
    }
    System.clearProperty("dropguard.polices");
    try (Connection c = guarded.getConnection()) { // the very next borrow, no need to wait
      assertEquals("ZG001", dropState(c, "t"));
    }
  }

  @Test
  void twoDatabasesBehindOneRoutingDataSourceGetTheirOwnPolicies() throws Exception {
    Path dir = temp.resolve("routed");
    PolicyFiles.write(
        dir,
        "10-a.yaml",
        "name: route-a\nmatch:\n  url: \"jdbc:h2:mem:reuse_route_a*\"\nrules:\n  - when: [drop_table]\n"
            + "    action: block\ndefault: allow\n");
    PolicyFiles.write(dir, "20-b.yaml", "name: route-b\nmatch:\n  url: \"jdbc:h2:mem:reuse_route_b*\"\nrules: []\ndefault: allow\n");
    System.setProperty(POLICIES, dir.toString());
    DataSource guarded = DropGuard.wrap(new Alternating(h2("reuse_route_a"), h2("reuse_route_b")));
    for (int round = 0; round < 3; round++) {
      try (Connection a = guarded.getConnection()) {
        assertTrue(a.getMetaData().getURL().startsWith("jdbc:h2:mem:reuse_route_a"));
        assertEquals("ZG001", dropState(a, "t"), "round " + round);
      }
      try (Connection b = guarded.getConnection()) {
        assertTrue(b.getMetaData().getURL().startsWith("jdbc:h2:mem:reuse_route_b"));
        assertEquals(null, dropState(b, "t"), "round " + round + ": not the first database's guard");
        assertFalse(Rows.tableExists(b, "t"));
      }
    }
  }

  /** A routing DataSource in miniature: successive calls go to the next target. */
  private static final class Alternating implements DataSource {
    private final List<DataSource> targets;
    private final AtomicInteger next = new AtomicInteger();

    Alternating(DataSource... targets) {
      this.targets = List.of(targets);
    }

    private DataSource target() {
      return targets.get(Math.floorMod(next.getAndIncrement(), targets.size()));
    }

    @Override
    public Connection getConnection() throws SQLException {
      return target().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return target().getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
