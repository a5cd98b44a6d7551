package io.dropguard.core;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A statement context over an H2 in-memory connection. */
final class FakeContext implements StatementContext, AutoCloseable {
  private final Connection raw;
  String token;
  int consumed;

  FakeContext() throws SQLException {
    raw = DriverManager.getConnection("jdbc:h2:mem:", "sa", "");
  }

  @Override
  public Connection rawConnection() {
    return raw;
  }

  @Override
  public Connection openSeparateConnection() throws SQLException {
    throw new SQLException("not in this test");
  }

  @Override
  public String presentedToken() {
    return token;
  }

  @Override
  public void tokenConsumed() {
    consumed++;
    token = null;
  }

  @Override
  public void close() throws SQLException {
    raw.close();
  }
}
