package io.dropguard;

import io.dropguard.core.ConnectionIdentity;
import io.dropguard.core.Guard;
import io.dropguard.core.GuardFactory;
import io.dropguard.core.Refusal;
import io.dropguard.core.RefusedException;
import io.dropguard.core.SharedGuards;
import io.dropguard.core.SqlState;
import io.dropguard.core.StatementContext;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A guarded connection. Every path by which SQL text reaches the real connection passes the guard first: the
 * statements it creates ({@link GuardedStatement}, {@link GuardedPreparedStatement},
 * {@link GuardedCallableStatement}) call {@link #admit}/{@link #admitBatch} right before they execute, and
 * {@code prepareStatement}/{@code prepareCall}/{@code nativeSQL} call {@link #precheck} so that a blocked statement
 * fails when it is prepared. A refusal is raised here, before the real driver sees the SQL, so the database never
 * receives it and an open transaction stays usable.
 */
final class GuardedConnection implements Connection, Guarded {
  private final Connection delegate;
  private final Guard guard;
  private final ConnectionOrigin origin;
  private final Context executing = new Context(false);
  private final Context preparing = new Context(true);
  private volatile String presentedToken;

  private GuardedConnection(Connection delegate, Guard guard, ConnectionOrigin origin) {
    this.delegate = delegate;
    this.guard = guard;
    this.origin = origin;
  }

  /**
   * Guards {@code raw}.
   *
   * @param realUrl the real URL when known, else null (read from the metadata)
   * @param settings the {@code dropguard.*} connection properties
   * @param fresh true when DropGuard (or the agent) just opened {@code raw} and nobody has used it yet: it is
   *     then closed when the connection is refused
   * @throws NoValidPolicyException ZG005 when no valid policy governs the connection
   */
  static GuardedConnection open(
      Connection raw, String realUrl, ConnectionOrigin origin, Map<String, String> settings, boolean fresh)
      throws SQLException {
    try {
      ConnectionIdentity identity = IdentityResolver.resolve(raw, realUrl, fresh);
      return new GuardedConnection(raw, GuardFactory.shared().open(identity, settings), origin);
    } catch (RefusedException e) {
      throw refuse(raw, fresh, DropGuardException.of(e.refusal(), e.getCause()));
    } catch (RuntimeException e) {
      throw refuse(raw, fresh, notGuarded(realUrl, e));
    }
  }

  /**
   * Guards {@code raw}, a connection a wrapped DataSource handed out, with a guard from {@code guards}, which
   * reuses the guard of an identity it saw before; otherwise as
   * {@link #open(Connection, String, ConnectionOrigin, Map, boolean)} with no connection properties.
   */
  static GuardedConnection open(Connection raw, ConnectionOrigin origin, boolean fresh, SharedGuards guards)
      throws SQLException {
    try {
      long now = guards.nanoTime(); // one clock reading for the marker's cache and the guards' settings
      ConnectionIdentity identity = IdentityResolver.resolve(raw, null, fresh, now);
      return new GuardedConnection(raw, guards.open(identity, now), origin);
    } catch (RefusedException e) {
      throw refuse(raw, fresh, DropGuardException.of(e.refusal(), e.getCause()));
    } catch (RuntimeException e) {
      throw refuse(raw, fresh, notGuarded(null, e));
    }
  }

  /** Fail closed: a connection DropGuard cannot set up is refused, never handed out unguarded. */
  private static SQLException notGuarded(String realUrl, RuntimeException e) {
    return new NoValidPolicyException(
        "DropGuard ZG005: the connection to " + JdbcUrls.mask(realUrl) + " could not be guarded ("
            + e + "), so it was refused.\n"
            + "To proceed: check the dropguard.policies setting with 'dropguard lint'; if the policies are "
            + "valid, report the error above to DropGuard's maintainers.",
        e);
  }

  private static SQLException refuse(Connection raw, boolean close, SQLException refusal) {
    if (close) {
      try {
        raw.close();
      } catch (SQLException e) {
        refusal.addSuppressed(e);
      }
    }
    return refusal;
  }

  ConnectionIdentity identity() {
    return guard.identity();
  }

  /** Presents a confirmation token for the next guarded statement ({@code DropGuard.confirm}). */
  void present(String token) {
    presentedToken = token;
  }

  /**
   * The gate: decides {@code sql} right before it runs.
   *
   * @throws DropGuardException when none of it may run
   */
  void admit(String sql) throws SQLException {
    String seen = seenByDatabase(sql);
    try {
      guard.admit(seen, executing);
    } catch (RefusedException e) {
      throw DropGuardException.of(e.refusal(), e.getCause());
    } catch (RuntimeException e) {
      throw undecidable(List.of(seen), e);
    }
  }

  /**
   * The gate for a batch, decided as a whole before any entry runs.
   *
   * @throws DropGuardException when no entry may run
   */
  void admitBatch(List<String> sqls) throws SQLException {
    List<String> seen = new ArrayList<>(sqls.size());
    for (String sql : sqls) {
      seen.add(seenByDatabase(sql));
    }
    try {
      guard.admitAll(seen, executing);
    } catch (RefusedException e) {
      throw DropGuardException.of(e.refusal(), e.getCause());
    } catch (RuntimeException e) {
      throw undecidable(seen, e);
    }
  }

  /**
   * The early decision at prepare time: raises what will certainly be refused (ZG001, ZG004, ZG005). A statement
   * that needs a confirmation or a snapshot is decided when it runs, since a token may still be presented then.
   *
   * @return true when the statement is certainly harmless, so that its executions need no decision (the text of
   *     a prepared statement never changes, and a harmless statement runs under any policy)
   */
  boolean precheck(String sql) throws SQLException {
    if (sql == null) {
      return false; // destroys nothing; the real driver rejects it as it would without DropGuard
    }
    // Guard.precheck asks for no confirmation and takes no snapshot, so a token presented before prepare is
    // still there when the statement runs (admit decides it for real then).
    String seen = seenByDatabase(sql);
    try {
      return guard.precheck(seen, preparing);
    } catch (RefusedException e) {
      throw DropGuardException.of(e.refusal(), e.getCause());
    } catch (RuntimeException e) {
      throw undecidable(List.of(seen), e);
    }
  }

  /** Fail closed: when DropGuard cannot decide, nothing runs. */
  private SQLException undecidable(List<String> seen, RuntimeException e) {
    return DropGuardException.of(
        new Refusal(
            SqlState.UNANALYZABLE,
            "DropGuard ZG004: the statement was not run because DropGuard could not decide it (" + e + ").\n"
                + "  Statement: " + String.join("; ", seen) + "\n"
                + "  Database:  " + JdbcUrls.mask(identity().realUrl()) + "\n"
                + "To proceed: report this error to DropGuard's maintainers; it is a fault in DropGuard."),
        e);
  }

  /**
   * The text the database will execute: JDBC escape syntax ({@code {call p(?)}}, {@code {fn ...}}) translated by
   * the real driver (which does it locally), so that the guard decides what actually runs.
   */
  private String seenByDatabase(String sql) {
    if (sql == null || sql.indexOf('{') < 0) {
      return sql;
    }
    try {
      String translated = delegate.nativeSQL(sql);
      return translated == null ? sql : translated;
    } catch (SQLException | RuntimeException e) {
      return sql;
    }
  }

  /** Result sets handed to the program are guarded too (their {@code getStatement} leads back to a wrapper). */
  ResultSet resultSet(ResultSet rs, Statement parent) {
    return rs == null || rs instanceof Guarded ? rs : new GuardedResultSet(this, parent, rs);
  }

  /** A column or OUT value: a result set in it (a PostgreSQL refcursor) is guarded like any other. */
  Object value(Object value) {
    return value instanceof ResultSet ? resultSet((ResultSet) value, null) : value;
  }

  <T> T value(T value, Class<T> type) {
    return value instanceof ResultSet ? type.cast(resultSet((ResultSet) value, null)) : value;
  }

  @Override
  public String toString() {
    return "DropGuard(" + delegate + ")";
  }

  /** What the guard may use of this connection. */
  private final class Context implements StatementContext {
    private final boolean preparing;

    Context(boolean preparing) {
      this.preparing = preparing;
    }

    @Override
    public Connection rawConnection() {
      return delegate;
    }

    @Override
    public Connection openSeparateConnection() throws SQLException {
      return Connecting.call(origin::openReal);
    }

    @Override
    public String presentedToken() {
      return preparing ? null : presentedToken;
    }

    @Override
    public void tokenConsumed() {
      if (!preparing) {
        presentedToken = null;
      }
    }

    @Override
    public boolean preparing() {
      return preparing;
    }
  }

  @Override
  public Statement createStatement() throws SQLException {
    return new GuardedStatement(this, delegate.createStatement());
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
    return new GuardedStatement(this, delegate.createStatement(resultSetType, resultSetConcurrency));
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return new GuardedStatement(
        this, delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    boolean harmless = precheck(sql);
    return new GuardedPreparedStatement(this, delegate.prepareStatement(sql), sql, harmless);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    boolean harmless = precheck(sql);
    return new GuardedPreparedStatement(this, delegate.prepareStatement(sql, autoGeneratedKeys), sql, harmless);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    boolean harmless = precheck(sql);
    return new GuardedPreparedStatement(this, delegate.prepareStatement(sql, columnIndexes), sql, harmless);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    boolean harmless = precheck(sql);
    return new GuardedPreparedStatement(this, delegate.prepareStatement(sql, columnNames), sql, harmless);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    boolean harmless = precheck(sql);
    return new GuardedPreparedStatement(
        this, delegate.prepareStatement(sql, resultSetType, resultSetConcurrency), sql, harmless);
  }

  @Override
  public PreparedStatement prepareStatement(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    boolean harmless = precheck(sql);
    return new GuardedPreparedStatement(
        this, delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability), sql, harmless);
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    boolean harmless = precheck(sql);
    return new GuardedCallableStatement(this, delegate.prepareCall(sql), sql, harmless);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    boolean harmless = precheck(sql);
    return new GuardedCallableStatement(this, delegate.prepareCall(sql, resultSetType, resultSetConcurrency), sql, harmless);
  }

  @Override
  public CallableStatement prepareCall(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    boolean harmless = precheck(sql);
    return new GuardedCallableStatement(
        this, delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability), sql, harmless);
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    precheck(sql);
    return delegate.nativeSQL(sql);
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return new GuardedDatabaseMetaData(this, delegate.getMetaData());
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
  public void abort(Executor executor) throws SQLException {
    delegate.abort(executor);
  }

  @Override
  public void beginRequest() throws SQLException {
    delegate.beginRequest();
  }

  @Override
  public void clearWarnings() throws SQLException {
    delegate.clearWarnings();
  }

  @Override
  public void close() throws SQLException {
    delegate.close();
  }

  @Override
  public void commit() throws SQLException {
    delegate.commit();
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    return delegate.createArrayOf(typeName, elements);
  }

  @Override
  public Blob createBlob() throws SQLException {
    return delegate.createBlob();
  }

  @Override
  public Clob createClob() throws SQLException {
    return delegate.createClob();
  }

  @Override
  public NClob createNClob() throws SQLException {
    return delegate.createNClob();
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    return delegate.createSQLXML();
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    return delegate.createStruct(typeName, attributes);
  }

  @Override
  public void endRequest() throws SQLException {
    delegate.endRequest();
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    return delegate.getAutoCommit();
  }

  @Override
  public String getCatalog() throws SQLException {
    return delegate.getCatalog();
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    return delegate.getClientInfo();
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    return delegate.getClientInfo(name);
  }

  @Override
  public int getHoldability() throws SQLException {
    return delegate.getHoldability();
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    return delegate.getNetworkTimeout();
  }

  @Override
  public String getSchema() throws SQLException {
    return delegate.getSchema();
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    return delegate.getTransactionIsolation();
  }

  @Override
  public Map<String,  Class<?>> getTypeMap() throws SQLException {
    return delegate.getTypeMap();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return delegate.getWarnings();
  }

  @Override
  public boolean isClosed() throws SQLException {
    return delegate.isClosed();
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return delegate.isReadOnly();
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    return delegate.isValid(timeout);
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    delegate.releaseSavepoint(savepoint);
  }

  @Override
  public void rollback() throws SQLException {
    delegate.rollback();
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    delegate.rollback(savepoint);
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    delegate.setAutoCommit(autoCommit);
  }

  @Override
  public void setCatalog(String catalog) throws SQLException {
    delegate.setCatalog(catalog);
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    delegate.setClientInfo(name, value);
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    delegate.setClientInfo(properties);
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    delegate.setHoldability(holdability);
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    delegate.setNetworkTimeout(executor, milliseconds);
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    delegate.setReadOnly(readOnly);
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return delegate.setSavepoint();
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    return delegate.setSavepoint(name);
  }

  @Override
  public void setSchema(String schema) throws SQLException {
    delegate.setSchema(schema);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
    delegate.setShardingKey(shardingKey, superShardingKey);
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey) throws SQLException {
    delegate.setShardingKey(shardingKey);
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
    return delegate.setShardingKeyIfValid(shardingKey, timeout);
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout) throws SQLException {
    return delegate.setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    delegate.setTransactionIsolation(level);
  }

  @Override
  public void setTypeMap(Map<String,  Class<?>> map) throws SQLException {
    delegate.setTypeMap(map);
  }
}
