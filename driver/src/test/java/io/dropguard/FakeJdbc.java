package io.dropguard;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A fake real driver's objects (dynamic proxies) that record every call with a SQL string, so that a test can
 * show that refused SQL never reached "the database".
 */
final class FakeJdbc {
  /** Every method call that received SQL text, as {@code Type.method: sql}. */
  final List<String> sqlCalls = new ArrayList<>();
  /** Every method called, as {@code Type.method}. */
  final List<String> calls = new ArrayList<>();
  final String url;
  /** What the fake driver's nativeSQL makes of a string (its JDBC escape translation). */
  java.util.function.UnaryOperator<String> nativeSql = s -> s;

  FakeJdbc(String url) {
    this.url = url;
  }

  Connection connection() {
    return proxy(Connection.class);
  }

  @SuppressWarnings("unchecked")
  private <T> T proxy(Class<T> type) {
    InvocationHandler h =
        (self, method, args) -> {
          String name = type.getSimpleName() + "." + method.getName();
          calls.add(name);
          if (args != null && args.length > 0 && args[0] instanceof String && isSqlMethod(method.getName())) {
            sqlCalls.add(name + ": " + args[0]);
          }
          Class<?> r = method.getReturnType();
          switch (method.getName()) {
            case "getURL":
              return url;
            case "getUserName":
              return "fake";
            case "getDatabaseProductName":
              return "FakeDB";
            case "getDatabaseProductVersion":
              return "1.0";
            case "getAutoCommit":
              return true;
            case "nativeSQL":
              return nativeSql.apply((String) args[0]);
            case "toString":
              return "Fake" + type.getSimpleName();
            case "hashCode":
              return System.identityHashCode(self);
            case "equals":
              return self == args[0];
            case "unwrap":
              return ((Class<?>) args[0]).isInstance(self) ? self : null;
            default:
              break;
          }
          if (r == Connection.class) {
            return connection();
          }
          if (r == Statement.class) {
            return proxy(Statement.class);
          }
          if (r == PreparedStatement.class) {
            return proxy(PreparedStatement.class);
          }
          if (r == CallableStatement.class) {
            return proxy(CallableStatement.class);
          }
          if (r == DatabaseMetaData.class) {
            return proxy(DatabaseMetaData.class);
          }
          if (r == ResultSet.class) {
            return proxy(ResultSet.class);
          }
          return defaultValue(r);
        };
    return (T) Proxy.newProxyInstance(FakeJdbc.class.getClassLoader(), new Class<?>[] {type}, h);
  }

  private static final Set<String> SQL_METHODS =
      Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch", "prepareStatement",
          "prepareCall");

  private static boolean isSqlMethod(String name) {
    return SQL_METHODS.contains(name);
  }

  static Object defaultValue(Class<?> r) {
    if (r == boolean.class) {
      return false;
    }
    if (r == int.class) {
      return 0;
    }
    if (r == long.class) {
      return 0L;
    }
    if (r == int[].class) {
      return new int[0];
    }
    if (r == long[].class) {
      return new long[0];
    }
    if (r == short.class) {
      return (short) 0;
    }
    if (r == byte.class) {
      return (byte) 0;
    }
    if (r == float.class) {
      return 0f;
    }
    if (r == double.class) {
      return 0d;
    }
    return null;
  }
}
