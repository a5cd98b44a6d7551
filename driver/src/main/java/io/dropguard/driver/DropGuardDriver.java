package io.dropguard.driver;

import io.dropguard.Attachment;
import io.dropguard.core.settings.Setting;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * DropGuard's JDBC driver: {@code jdbc:dropguard:<real-url>}, e.g. {@code jdbc:dropguard:postgresql://db/pilot}.
 * The real driver is the first one registered with {@link DriverManager} that accepts the inner URL. Connection
 * properties are passed to it, except {@code dropguard.*}, which configure DropGuard. Registered through
 * {@code META-INF/services/java.sql.Driver}, and when the class is loaded ({@code Class.forName}).
 */
public final class DropGuardDriver implements Driver {
  static {
    try {
      DriverManager.registerDriver(new DropGuardDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Accepts only {@code jdbc:dropguard:} URLs. */
  @Override
  public boolean acceptsURL(String url) {
    return Attachment.realUrl(url) != null;
  }

  /**
   * Opens a guarded connection; null for a URL that is not {@code jdbc:dropguard:}, as JDBC requires.
   *
   * @throws SQLException SQLState 08001 when no real driver accepts the inner URL
   * @throws io.dropguard.NoValidPolicyException SQLState {@code ZG005} when no valid policy governs the connection
   */
  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    String realUrl = Attachment.realUrl(url);
    if (realUrl == null) {
      return null;
    }
    return Attachment.connect(RealDriverLocator.find(realUrl), realUrl, info == null ? new Properties() : info);
  }

  /** The real driver's properties for the inner URL, followed by DropGuard's settings. */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    String realUrl = Attachment.realUrl(url);
    if (realUrl == null) {
      return new DriverPropertyInfo[0];
    }
    List<DriverPropertyInfo> all =
        new ArrayList<>(Arrays.asList(RealDriverLocator.find(realUrl).getPropertyInfo(realUrl, Attachment.realProperties(info))));
    for (Setting setting : Setting.values()) {
      String value = info == null ? null : info.getProperty(setting.key());
      DriverPropertyInfo p = new DriverPropertyInfo(setting.key(), value == null ? setting.defaultValue() : value);
      p.description = setting.doc();
      p.required = false;
      all.add(p);
    }
    return all.toArray(new DriverPropertyInfo[0]);
  }

  @Override
  public int getMajorVersion() {
    return 0;
  }

  @Override
  public int getMinorVersion() {
    return 1;
  }

  /** False: DropGuard refuses statements a compliant driver would run, by design. */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  /** DropGuard logs through {@code System.Logger}, whose default back end is this logger's tree. */
  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("io.dropguard");
  }
}
