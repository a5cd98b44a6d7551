package io.dropguard.bench;

import java.sql.SQLException;
import javax.sql.DataSource;

/** A stack's DataSource and what closes its pool. */
public record PooledDataSource(DataSource dataSource, AutoCloseable pool) implements AutoCloseable {
  @Override
  public void close() throws SQLException {
    try {
      pool.close();
    } catch (SQLException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SQLException("closing the benchmark's pool failed", e);
    }
  }
}
