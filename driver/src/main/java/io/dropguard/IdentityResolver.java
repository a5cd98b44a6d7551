package io.dropguard;

import io.dropguard.core.ConnectionIdentity;
import io.dropguard.core.analysis.Dialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Works out what a real connection is connected to, before the program has used it. */
final class IdentityResolver {
  /** The dialect of each real URL seen (a wrapped DataSource resolves the identity on every borrow). */
  private static final Map<String, Dialect> URL_DIALECTS = new ConcurrentHashMap<>();

  private static final int MAX_URLS = 256;

  private IdentityResolver() {}

  /**
   * @param realUrl the real URL when known (the URL swap, the agent), else null: it is then read from the metadata
   * @param fresh whether nobody has used the connection yet (see {@code MarkerStore.read})
   */
  static ConnectionIdentity resolve(Connection raw, String realUrl, boolean fresh) {
    return resolve(raw, realUrl, fresh, System.nanoTime());
  }

  /** As {@link #resolve(Connection, String, boolean)}, at {@code nanoTime} (for the marker's cache). */
  static ConnectionIdentity resolve(Connection raw, String realUrl, boolean fresh, long nanoTime) {
    String url = realUrl;
    String user = null;
    String product = null;
    String version = null;
    try {
      DatabaseMetaData md = raw.getMetaData();
      if (url == null) {
        url = md.getURL();
      }
      user = md.getUserName();
      product = md.getDatabaseProductName();
      version = md.getDatabaseProductVersion();
    } catch (SQLException | RuntimeException e) {
      // A driver with little metadata is still guarded: URL matching and the policy's user "*" still apply.
    }
    if (url == null) {
      url = "";
    }
    Dialect dialect = dialectOf(url);
    if (dialect == Dialect.GENERIC && product != null) {
      dialect = fromProduct(product);
    }
    String marker = MarkerCache.shared().marker(raw, url, dialect, fresh, nanoTime);
    return new ConnectionIdentity(url, user, product, version, marker, dialect);
  }

  /** {@link Dialect#fromJdbcUrl}, remembered per URL. */
  private static Dialect dialectOf(String url) {
    Dialect d = URL_DIALECTS.get(url);
    if (d == null) {
      d = Dialect.fromJdbcUrl(url);
      if (URL_DIALECTS.size() >= MAX_URLS) {
        URL_DIALECTS.clear();
      }
      URL_DIALECTS.put(url, d);
    }
    return d;
  }

  private static Dialect fromProduct(String product) {
    String p = product.toLowerCase(Locale.ROOT);
    if (p.contains("postgres")) {
      return Dialect.POSTGRES;
    }
    if (p.contains("mysql") || p.contains("mariadb")) {
      return Dialect.MYSQL;
    }
    if (p.equals("h2")) {
      return Dialect.H2;
    }
    if (p.contains("oracle")) {
      return Dialect.ORACLE;
    }
    if (p.contains("sql server")) {
      return Dialect.SQLSERVER;
    }
    return Dialect.GENERIC;
  }
}
