package io.dropguard.core.confirm;

import io.dropguard.core.ConnectionIdentity;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The three ways confirmation names a database: what a token binds to, what is shown, what is typed. */
final class DatabaseIdentity {
  private static final Pattern USERINFO = Pattern.compile("^(jdbc:[^/]*//)[^/@?;]*@");
  private static final Pattern SEMI_PARAM = Pattern.compile(";([^;=]*)=([^;]*)");
  private static final Pattern ORACLE_SERVICE = Pattern.compile("@(?://)?[^/:]+(?::\\d+)?[/:]([A-Za-z0-9_$#.]+)");

  private DatabaseIdentity() {}

  /**
   * What a token binds to: {@code marker:<marker>} when the database carries an identity marker (so a token
   * follows the database, not the alias a script used to reach it), otherwise {@code url:<url>} with user
   * information and every parameter removed, except a {@code ;databaseName=} style parameter, which names the
   * database on SQL Server.
   */
  static String binding(ConnectionIdentity identity) {
    if (identity.marker() != null && !identity.marker().isBlank()) {
      return "marker:" + identity.marker().strip();
    }
    return "url:" + plainUrl(identity.realUrl());
  }

  /** The URL as shown to a person: no credentials, no parameters. */
  static String plainUrl(String url) {
    if (url == null) {
      return "(unknown URL)";
    }
    String u = USERINFO.matcher(url).replaceFirst("$1");
    StringBuilder kept = new StringBuilder();
    int semi = u.indexOf(';');
    if (semi >= 0) {
      Matcher m = SEMI_PARAM.matcher(u.substring(semi));
      while (m.find()) {
        String k = m.group(1).strip().toLowerCase(Locale.ROOT);
        if (k.equals("databasename") || k.equals("database")) {
          kept.append(';').append(m.group(1).strip()).append('=').append(m.group(2));
        }
      }
      u = u.substring(0, semi);
    }
    int q = u.indexOf('?');
    if (q >= 0) {
      u = u.substring(0, q);
    }
    return u + kept;
  }

  /** How a person sees the database: {@code production (identity marker) at jdbc:...}, or the plain URL. */
  static String display(ConnectionIdentity identity) {
    String url = plainUrl(identity.realUrl());
    if (identity.marker() != null && !identity.marker().isBlank()) {
      return "\"" + identity.marker().strip() + "\" (identity marker) at " + url;
    }
    return url;
  }

  /**
   * The name a person must type at the terminal: the identity marker, else the database name from the URL
   * ({@code pilot} of {@code jdbc:postgresql://db:5432/pilot}), else the whole plain URL.
   */
  static String nameToType(ConnectionIdentity identity) {
    if (identity.marker() != null && !identity.marker().isBlank()) {
      return identity.marker().strip();
    }
    String url = plainUrl(identity.realUrl());
    Matcher p = SEMI_PARAM.matcher(url);
    while (p.find()) {
      if (!p.group(2).isBlank()) {
        return p.group(2).strip();
      }
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:oracle:")) {
      Matcher m = ORACLE_SERVICE.matcher(url);
      if (m.find()) {
        return m.group(1);
      }
    }
    int slashes = url.indexOf("//");
    if (slashes >= 0) {
      int path = url.indexOf('/', slashes + 2);
      if (path >= 0 && path + 1 < url.length()) {
        return url.substring(path + 1);
      }
    }
    if (lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:hsqldb:") || lower.startsWith("jdbc:sqlite:")) {
      String rest = url.substring(url.lastIndexOf(':') + 1);
      int sep = Math.max(rest.lastIndexOf('/'), rest.lastIndexOf('\\'));
      String name = rest.substring(sep + 1);
      if (!name.isBlank()) {
        return name;
      }
    }
    return url;
  }
}
