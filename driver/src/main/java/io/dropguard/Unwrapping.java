package io.dropguard;

import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.sql.Wrapper;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code unwrap}/{@code isWrapperFor} rule of every guarded wrapper:
 *
 * <ul>
 *   <li>an interface or class the wrapper itself is (a {@code java.sql} interface such as {@code Connection},
 *       {@link Guarded}, the wrapper's own type): the wrapper itself, never the real driver's object;
 *   <li>any other {@code java.sql}/{@code javax.sql} type: not wrapped ({@code SQLException} / false), exactly
 *       as a JDBC object answers for an interface it does not implement;
 *   <li>anything else is a vendor type ({@code org.postgresql.PGConnection}, {@code org.h2.jdbc.JdbcConnection},
 *       ...): asked of the real driver's object, because real applications need vendor features. SQL run through
 *       a vendor object is not guarded; when the object handed out is itself a JDBC connection, statement or
 *       result set, or a DataSource, DropGuard says so once per type on its log.
 * </ul>
 */
final class Unwrapping {
  private static final System.Logger LOG = System.getLogger("io.dropguard");
  private static final Set<Class<?>> REPORTED = ConcurrentHashMap.newKeySet();

  private Unwrapping() {}

  static <T> T unwrap(Wrapper self, Wrapper delegate, Class<T> iface) throws SQLException {
    if (iface.isInstance(self)) {
      return iface.cast(self);
    }
    if (isJdbcApi(iface)) {
      throw new SQLException(
          "DropGuard: this guarded " + jdbcName(self) + " is not a wrapper for " + iface.getName()
              + " (DropGuard never hands out the real driver's JDBC objects)");
    }
    T vendor = delegate.unwrap(iface);
    if (isExecutable(vendor) && REPORTED.add(iface)) {
      LOG.log(
          Level.INFO,
          "DropGuard: unwrap({0}) returned the real driver''s object; SQL executed through it is not guarded.",
          iface.getName());
    }
    return vendor;
  }

  static boolean isWrapperFor(Wrapper self, Wrapper delegate, Class<?> iface) throws SQLException {
    if (iface.isInstance(self)) {
      return true;
    }
    return !isJdbcApi(iface) && delegate.isWrapperFor(iface);
  }

  private static boolean isJdbcApi(Class<?> type) {
    String name = type.getName();
    return name.startsWith("java.sql.") || name.startsWith("javax.sql.");
  }

  private static boolean isExecutable(Object o) {
    return o instanceof java.sql.Connection || o instanceof java.sql.Statement || o instanceof java.sql.ResultSet
        || o instanceof java.sql.DatabaseMetaData || o instanceof javax.sql.DataSource;
  }

  private static String jdbcName(Object self) {
    for (Class<?> c : self.getClass().getInterfaces()) {
      if (isJdbcApi(c)) {
        return c.getSimpleName();
      }
    }
    return "object";
  }
}
