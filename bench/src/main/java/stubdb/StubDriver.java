package stubdb;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A JDBC driver that does no work (the idea of HikariCP-benchmark's {@code stubs/}): every query returns one row,
 * every update counts one. Over it, what a benchmark measures is the pool and the layers above the driver.
 *
 * <p>It lives outside {@code io.dropguard}, because DropGuard never takes a driver of its own packages for the
 * real one.
 *
 * <p>The JDBC objects are dynamic proxies: the handler's few nanoseconds are the same for every stack, so they
 * add to the absolute figures but not to the differences between stacks.
 */
public final class StubDriver implements Driver {
  /** The URL this driver accepts. */
  public static final String URL = "jdbc:stub:bench";

  private static final StubDriver INSTANCE = new StubDriver();
  private static volatile boolean registered;

  /** Registers the stub with {@link DriverManager} once (DropGuard finds real drivers there). */
  public static synchronized void register() {
    if (!registered) {
      try {
        DriverManager.registerDriver(INSTANCE);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      registered = true;
    }
  }

  @Override
  public Connection connect(String url, Properties info) {
    return acceptsURL(url) ? proxy(Connection.class, new Handler(Connection.class, null)) : null;
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith("jdbc:stub:");
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("io.dropguard.bench.stub");
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(Proxy.newProxyInstance(StubDriver.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  /** One handler per stub object; the JDBC types it returns are new stubs whose back-reference is the caller. */
  private static final class Handler implements InvocationHandler {
    private final Class<?> type;
    private final Object parent;
    private boolean closed;
    private int rowsLeft = 1;
    private int batch;

    Handler(Class<?> type, Object parent) {
      this.type = type;
      this.parent = parent;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws SQLException {
      String name = method.getName();
      Class<?> returns = method.getReturnType();
      switch (name) {
        case "close":
          closed = true;
          return null;
        case "isClosed":
          return closed;
        case "isValid":
          return true;
        case "next":
          return rowsLeft-- > 0;
        case "getAutoCommit":
          return true;
        case "getTransactionIsolation":
          return Connection.TRANSACTION_READ_COMMITTED;
        case "executeUpdate":
          return 1;
        case "executeLargeUpdate":
          return 1L;
        case "execute":
          return false;
        case "getUpdateCount":
          return -1;
        case "addBatch":
          batch++;
          return null;
        case "executeBatch":
          int[] counts = new int[batch];
          java.util.Arrays.fill(counts, 1);
          batch = 0;
          return counts;
        case "isWrapperFor":
          return ((Class<?>) args[0]).isInstance(self);
        case "unwrap":
          return ((Class<?>) args[0]).cast(self);
        case "hashCode":
          return System.identityHashCode(self);
        case "equals":
          return self == args[0];
        case "toString":
          return "stub " + type.getSimpleName();
        case "getConnection":
        case "getStatement":
          return parent;
        case "getURL":
          return URL;
        case "getUserName":
          return "stub";
        case "getDatabaseProductName":
        case "getDriverName":
          return "Stub";
        case "getDatabaseProductVersion":
        case "getDriverVersion":
          return "1.0";
        default:
          break;
      }
      if (returns == PreparedStatement.class || returns == Statement.class || returns == CallableStatement.class
          || returns == ResultSet.class || returns == DatabaseMetaData.class) {
        return proxy(returns, new Handler(returns, self));
      }
      if (returns == String.class) {
        return "stub";
      }
      return defaultValue(returns);
    }

    private static Object defaultValue(Class<?> returns) {
      if (!returns.isPrimitive() || returns == void.class) {
        return null;
      }
      if (returns == boolean.class) {
        return false;
      }
      if (returns == long.class) {
        return 0L;
      }
      if (returns == double.class) {
        return 0d;
      }
      if (returns == float.class) {
        return 0f;
      }
      if (returns == short.class) {
        return (short) 0;
      }
      if (returns == byte.class) {
        return (byte) 0;
      }
      if (returns == char.class) {
        return (char) 0;
      }
      return 0;
    }
  }
}
