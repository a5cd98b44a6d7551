package io.dropguard.driver;

import io.dropguard.Attachment;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;

/** Finds the real driver for an inner URL through {@link DriverManager}, never DropGuard itself. */
final class RealDriverLocator {
  private RealDriverLocator() {}

  /**
   * The first registered driver (other than DropGuard's) that accepts {@code realUrl}.
   *
   * @throws SQLException SQLState 08001 when none does; the message lists every driver tried and what to add
   */
  static Driver find(String realUrl) throws SQLException {
    List<String> tried = new ArrayList<>();
    Iterator<Driver> drivers = DriverManager.drivers().iterator();
    while (drivers.hasNext()) {
      Driver candidate;
      try {
        candidate = drivers.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        tried.add("(a driver that failed to load: " + e + ")");
        continue;
      }
      if (isDropGuard(candidate)) {
        continue;
      }
      try {
        if (candidate.acceptsURL(realUrl)) {
          return candidate;
        }
        tried.add(candidate.getClass().getName() + " (does not accept it)");
      } catch (SQLException | RuntimeException e) {
        tried.add(candidate.getClass().getName() + " (failed: " + Attachment.maskedUrl(String.valueOf(e.getMessage())) + ")");
      }
    }
    throw new SQLException(noDriverMessage(realUrl, tried), "08001");
  }

  private static boolean isDropGuard(Driver driver) {
    return driver instanceof DropGuardDriver || driver.getClass().getName().startsWith("io.dropguard.");
  }

  private static String noDriverMessage(String realUrl, List<String> tried) {
    String masked = Attachment.maskedUrl(realUrl);
    StringBuilder m = new StringBuilder();
    m.append("DropGuard: no JDBC driver accepts the real URL ").append(masked).append('\n');
    m.append("  URL given:       ").append(Attachment.maskedUrl("jdbc:dropguard:" + realUrl.substring(5))).append('\n');
    m.append("  Drivers tried:   ").append(tried.isEmpty() ? "(none registered besides DropGuard)" : String.join(", ", tried)).append('\n');
    m.append("To proceed: add the database's JDBC driver to the class path");
    String hint = driverHint(realUrl);
    if (hint != null) {
      m.append(" (for this URL: ").append(hint).append(')');
    }
    m.append(", or correct the URL after 'jdbc:dropguard:' (it must be the URL the real driver accepts).");
    return m.toString();
  }

  private static String driverHint(String realUrl) {
    String u = realUrl.toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:postgresql:")) {
      return "org.postgresql:postgresql";
    }
    if (u.startsWith("jdbc:mariadb:")) {
      return "org.mariadb.jdbc:mariadb-java-client";
    }
    if (u.startsWith("jdbc:mysql:")) {
      return "com.mysql:mysql-connector-j";
    }
    if (u.startsWith("jdbc:h2:")) {
      return "com.h2database:h2";
    }
    if (u.startsWith("jdbc:sqlserver:")) {
      return "com.microsoft.sqlserver:mssql-jdbc";
    }
    if (u.startsWith("jdbc:oracle:")) {
      return "com.oracle.database.jdbc:ojdbc11";
    }
    if (u.startsWith("jdbc:sqlite:")) {
      return "org.xerial:sqlite-jdbc";
    }
    return null;
  }
}
