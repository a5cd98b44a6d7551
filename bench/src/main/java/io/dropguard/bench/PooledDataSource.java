package io.dropguard.bench;

import javax.sql.DataSource;

/** A stack's DataSource and what closes its pool. */
public record PooledDataSource(DataSource dataSource, AutoCloseable pool) implements AutoCloseable {
  @Override
  public void close() throws Exception {
    pool.close();
  }
}
