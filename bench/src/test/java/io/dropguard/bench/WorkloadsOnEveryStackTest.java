package io.dropguard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropguard.DropGuard;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What CI checks of the benchmarks (it never runs them): every stack opens, every workload does what it says on
 * it, and a stack that should guard really is in the path. No timings.
 */
class WorkloadsOnEveryStackTest {
  @BeforeAll
  static void schema() throws SQLException {
    BenchSchema.create(Database.H2);
  }

  @ParameterizedTest
  @EnumSource(JdbcStack.class)
  void everyWorkloadRunsOverH2(JdbcStack stack) throws Exception {
    BenchSchema.reset(Database.H2);
    try (PooledDataSource pooled = stack.open(Database.H2, null)) {
      DataSource ds = pooled.dataSource();
      long before = balance(7);
      assertEquals(before, Workload.pointSelect(ds, 7));
      assertEquals(before + 2, Workload.oltpMix(ds, 7, 5), "balance read, then one row updated and one inserted");
      assertEquals(before + 5, balance(7));
      assertEquals(Workload.BATCH, Workload.batchInsert(ds, 0));
      assertEquals(1 + Workload.BATCH, count("bench_history"));
      assertEquals(1, Workload.update(ds, Workload.uniqueInsertSql(42)));
      assertEquals(balance(3), Workload.query(ds, Workload.uniqueSelectSql(3)));
      assertEquals(1, Workload.update(ds, Workload.uniqueUpdateSql(10_003)));
      assertEquals(10_003, balance(3));
      assertEquals(1, Workload.update(ds, Workload.uniqueDeleteSql(42)));
      assertEquals(0, count("bench_log"));
      assertEquals(2, Workload.ddl(ds, 1));
      if (stack == JdbcStack.DROPGUARD || stack == JdbcStack.DROPGUARD_WRAP) {
        try (Connection c = ds.getConnection()) {
          assertTrue(DropGuard.isGuarded(c), stack + " must hand out guarded connections");
        }
      }
      if (stack == JdbcStack.DRUID_WALL) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
          assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM bench_log"), "the wall is in place");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(JdbcStack.class)
  void everyWorkloadRunsOverTheStub(JdbcStack stack) throws Exception {
    try (PooledDataSource pooled = stack.open(Database.STUB, BenchPolicy.forDatabase(Database.STUB))) {
      DataSource ds = pooled.dataSource();
      Workload.pointSelect(ds, 1);
      Workload.oltpMix(ds, 1, 1);
      assertEquals(Workload.BATCH, Workload.batchInsert(ds, 0));
      assertEquals(1, Workload.update(ds, Workload.uniqueDeleteSql(5)));
      assertEquals(2, Workload.ddl(ds, 2));
    }
  }

  private static long balance(int id) throws SQLException {
    try (Connection c = Database.H2.openAdmin(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT balance FROM bench_account WHERE id = " + id)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long count(String table) throws SQLException {
    try (Connection c = Database.H2.openAdmin(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
