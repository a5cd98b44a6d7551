package io.dropguard;

import io.dropguard.core.GuardFactory;
import io.dropguard.core.SharedGuards;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ConnectionBuilder;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.ShardingKey;
import java.sql.ShardingKeyBuilder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A guarded {@link DataSource}: every connection it hands out is a {@link GuardedConnection} (unless the wrapped
 * DataSource already hands out guarded ones, a pool over the URL swap, say, which are returned as they are).
 *
 * <p>A pool behind it hands out the same physical connections again and again, so each borrow costs little: the
 * connection's identity is resolved every time (a routing DataSource may answer with another database), and the
 * guard for that identity is reused ({@link SharedGuards}: settings read again at most once a second, refusals
 * never kept).
 */
final class GuardedDataSource implements DataSource, Guarded {
  private final DataSource delegate;
  private final SharedGuards guards;
  private final Connecting.SqlCall<Connection> borrow;
  private final ConnectionOrigin origin;

  GuardedDataSource(DataSource delegate) {
    this(delegate, GuardFactory.shared().sharedGuards());
  }

  /**
   * @param guards where the guards of its connections come from: each borrow resolves the connection's identity,
   *     and connections with the same identity share a guard (settings read again at most once a second)
   */
  GuardedDataSource(DataSource delegate, SharedGuards guards) {
    this.delegate = delegate;
    this.guards = guards;
    this.borrow = delegate::getConnection;
    this.origin = delegate::getConnection;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return guard(Connecting.call(borrow), origin);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    Connection raw = Connecting.call(() -> delegate.getConnection(username, password));
    return guard(raw, () -> delegate.getConnection(username, password));
  }

  private Connection guard(Connection raw, ConnectionOrigin origin) throws SQLException {
    if (DropGuard.isGuarded(raw)) {
      return raw;
    }
    return GuardedConnection.open(raw, origin, true, guards);
  }

  @Override
  public ConnectionBuilder createConnectionBuilder() throws SQLException {
    ConnectionBuilder real = delegate.createConnectionBuilder();
    return new ConnectionBuilder() {
      private String user;
      private String password;

      @Override
      public ConnectionBuilder user(String username) {
        real.user(username);
        user = username;
        return this;
      }

      @Override
      public ConnectionBuilder password(String pw) {
        real.password(pw);
        password = pw;
        return this;
      }

      @Override
      public ConnectionBuilder shardingKey(ShardingKey shardingKey) {
        real.shardingKey(shardingKey);
        return this;
      }

      @Override
      public ConnectionBuilder superShardingKey(ShardingKey superShardingKey) {
        real.superShardingKey(superShardingKey);
        return this;
      }

      @Override
      public Connection build() throws SQLException {
        Connection raw = Connecting.call(real::build);
        String u = user;
        String p = password;
        return guard(raw, u == null ? delegate::getConnection : () -> delegate.getConnection(u, p));
      }
    };
  }

  @Override
  public ShardingKeyBuilder createShardingKeyBuilder() throws SQLException {
    return delegate.createShardingKeyBuilder();
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return Unwrapping.unwrap(this, delegate, iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return Unwrapping.isWrapperFor(this, delegate, iface);
  }

  @Override
  public String toString() {
    return "DropGuard(" + delegate + ")";
  }
}
