package io.dropguard;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Internal, for {@code io.dropguard.driver} and DropGuard's agent: attaches the guard to connections they obtain.
 * Not for applications (use {@link DropGuard}); it may change without notice.
 */
public final class Attachment {
  /** Connection properties with this prefix configure DropGuard and are never passed to the real driver. */
  public static final String SETTINGS_PREFIX = "dropguard.";

  private Attachment() {}

  /**
   * Opens a connection through {@code realDriver} and guards it.
   *
   * @param info connection properties; {@code dropguard.*} ones configure DropGuard, the rest go to the driver
   * @throws NoValidPolicyException ZG005 when no valid policy governs the connection (it is then closed)
   */
  public static Connection connect(Driver realDriver, String realUrl, Properties info) throws SQLException {
    Properties realProperties = realProperties(info);
    Connection raw = Connecting.call(() -> realDriver.connect(realUrl, realProperties));
    if (raw == null) {
      throw new SQLException(
          "DropGuard: the driver " + realDriver.getClass().getName() + " accepted " + JdbcUrls.mask(realUrl)
              + " but returned no connection",
          "08001");
    }
    ConnectionOrigin origin =
        () -> {
          Connection again = realDriver.connect(realUrl, realProperties);
          if (again == null) {
            throw new SQLException("DropGuard: could not open a second connection to " + JdbcUrls.mask(realUrl));
          }
          return again;
        };
    return GuardedConnection.open(raw, realUrl, origin, settings(info), true);
  }

  /**
   * Guards a connection a real driver just returned for {@code realUrl} (the agent's path); returns it unchanged
   * when it already is guarded.
   *
   * @param separate opens another real connection with the same URL and credentials, for the guard
   * @throws NoValidPolicyException ZG005 when no valid policy governs it (it is then closed)
   */
  public static Connection guardNew(Connection raw, String realUrl, Properties info, RealConnector separate)
      throws SQLException {
    if (raw == null || DropGuard.isGuarded(raw)) {
      return raw;
    }
    Properties realProperties = realProperties(info);
    return GuardedConnection.open(raw, realUrl, () -> separate.open(realUrl, realProperties), settings(info), true);
  }

  /** Opens a real connection. */
  @FunctionalInterface
  public interface RealConnector {
    Connection open(String realUrl, Properties info) throws SQLException;
  }

  /** True while DropGuard itself is obtaining a real connection on this thread. */
  public static boolean isDropGuardConnecting() {
    return Connecting.active();
  }

  /** The real URL of a {@code jdbc:dropguard:} URL (prefix removed by position), or null for any other URL. */
  public static String realUrl(String url) {
    return JdbcUrls.isDropGuardUrl(url) ? JdbcUrls.realUrl(url) : null;
  }

  /** {@code url} with its passwords masked. */
  public static String maskedUrl(String url) {
    return JdbcUrls.mask(url);
  }

  /** The properties for the real driver: all but {@code dropguard.*}, defaults included. */
  public static Properties realProperties(Properties info) {
    Properties real = new Properties();
    if (info == null) {
      return real;
    }
    for (Map.Entry<Object, Object> e : info.entrySet()) {
      if (!isSetting(e.getKey())) {
        real.put(e.getKey(), e.getValue());
      }
    }
    for (String name : info.stringPropertyNames()) {
      if (!isSetting(name) && !real.containsKey(name)) {
        real.setProperty(name, info.getProperty(name));
      }
    }
    return real;
  }

  /** The {@code dropguard.*} properties, for the guard. */
  public static Map<String, String> settings(Properties info) {
    Map<String, String> settings = new HashMap<>();
    if (info != null) {
      for (String name : info.stringPropertyNames()) {
        if (isSetting(name)) {
          settings.put(name, info.getProperty(name));
        }
      }
    }
    return Map.copyOf(settings);
  }

  private static boolean isSetting(Object key) {
    return key instanceof String && ((String) key).startsWith(SETTINGS_PREFIX);
  }
}
