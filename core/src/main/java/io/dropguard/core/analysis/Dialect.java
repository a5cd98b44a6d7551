package io.dropguard.core.analysis;

import java.util.Locale;
import java.util.Optional;

/** The SQL dialects whose lexical rules DropGuard knows. */
public enum Dialect {
  POSTGRES,
  /** MySQL and MariaDB: executable comments, backticks, backslash escapes, {@code #} comments. */
  MYSQL,
  H2,
  ORACLE,
  SQLSERVER,
  /** Unknown engine: lexed with the union of the rules, so that nothing destructive hides in a comment. */
  GENERIC;

  private final String id = name().toLowerCase(Locale.ROOT);

  public String id() {
    return id;
  }

  public static Optional<Dialect> fromId(String id) {
    String s = id.toLowerCase(Locale.ROOT);
    if (s.equals("mariadb") || s.equals("mysql")) {
      return Optional.of(MYSQL);
    }
    if (s.equals("postgresql") || s.equals("pg")) {
      return Optional.of(POSTGRES);
    }
    for (Dialect d : values()) {
      if (d.id.equals(s)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** The dialect of a real (inner) JDBC URL such as {@code jdbc:postgresql://db/pilot}. */
  public static Dialect fromJdbcUrl(String url) {
    if (url == null) {
      return GENERIC;
    }
    String u = url.toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:postgresql:") || u.startsWith("jdbc:pgsql:")) {
      return POSTGRES;
    }
    if (u.startsWith("jdbc:mysql:") || u.startsWith("jdbc:mariadb:")) {
      return MYSQL;
    }
    if (u.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (u.startsWith("jdbc:oracle:")) {
      return ORACLE;
    }
    if (u.startsWith("jdbc:sqlserver:") || u.startsWith("jdbc:jtds:")) {
      return SQLSERVER;
    }
    return GENERIC;
  }
}
