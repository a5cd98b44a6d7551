package io.dropguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class DropGuardTest {
  private static JdbcDataSource h2(String name) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + name);
    ds.setUser("sa");
    return ds;
  }

  @Test
  void neverWrapsTwice() throws SQLException {
    DataSource once = DropGuard.wrap(h2("twice"));
    assertSame(once, DropGuard.wrap(once));
    try (Connection c = once.getConnection()) {
      assertTrue(c instanceof GuardedConnection);
      assertSame(c, DropGuard.wrap(c));
    }
  }

  @Test
  void aPoolOverAGuardedDataSourceIsRecognised() throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setDataSource(DropGuard.wrap(h2("pooled")));
    config.setMaximumPoolSize(1);
    try (HikariDataSource pool = new HikariDataSource(config);
        Connection proxy = pool.getConnection()) {
      assertFalse(proxy instanceof Guarded, "a Hikari proxy");
      assertTrue(DropGuard.isGuarded(proxy));
      assertSame(proxy, DropGuard.wrap(proxy));
      assertTrue(DropGuard.isGuarded(pool));
      assertSame(pool, DropGuard.wrap(pool));
      DropGuard.confirm(proxy, "ABCD-1234"); // found through the pool's proxy
    }
  }

  @Test
  void unwrapReturnsTheWrapperForJdbcTypesAndTheVendorObjectForVendorTypes() throws SQLException {
    try (Connection c = DropGuard.wrap(h2("unwrap")).getConnection()) {
      assertSame(c, c.unwrap(Connection.class));
      assertSame(c, c.unwrap(Guarded.class));
      assertTrue(c.isWrapperFor(Connection.class));
      assertFalse(c.isWrapperFor(Statement.class));
      assertThrows(SQLException.class, () -> c.unwrap(Statement.class));
      // vendor types come from the real driver: documented, since vendor APIs are needed by real programs
      assertTrue(c.isWrapperFor(JdbcConnection.class));
      assertNotSame(c, c.unwrap(JdbcConnection.class));
      Statement st = c.createStatement();
      assertSame(st, st.unwrap(Statement.class));
      DatabaseMetaData md = c.getMetaData();
      assertSame(md, md.unwrap(DatabaseMetaData.class));
      try (ResultSet rs = st.executeQuery("select 1")) {
        assertSame(rs, rs.unwrap(ResultSet.class));
      }
    }
  }

  @Test
  void confirmNeedsAGuardedConnectionAndAToken() throws SQLException {
    try (Connection plain = DriverManager.getConnection("jdbc:h2:mem:confirm", "sa", "")) {
      SQLException e = assertThrows(SQLException.class, () -> DropGuard.confirm(plain, "ABC-123"));
      assertTrue(e.getMessage().contains("not guarded"), e.getMessage());
      Connection guarded = DropGuard.wrap(plain);
      assertThrows(IllegalArgumentException.class, () -> DropGuard.confirm(guarded, " "));
      DropGuard.confirm(guarded, "ABC-123");
    }
  }

  @Test
  void wrapConnectionCannotOpenASecondConnection() throws Exception {
    try (Connection plain = DriverManager.getConnection("jdbc:h2:mem:second", "sa", "")) {
      SQLException e = assertThrows(SQLException.class, () -> ConnectionOrigin.none().openReal());
      assertTrue(e.getMessage().contains("To proceed: guard the DataSource instead"), e.getMessage());
      assertEquals("jdbc:h2:mem:second", ((GuardedConnection) DropGuard.wrap(plain)).identity().realUrl());
    }
  }
}
