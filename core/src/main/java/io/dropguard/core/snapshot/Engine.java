package io.dropguard.core.snapshot;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/** What differs between the engines snapshots know; everything else is plain JDBC. */
enum Engine {
  POSTGRES("\""),
  MARIADB("`"),
  H2("\""),
  OTHER("\"");

  private final String quote;

  Engine(String quote) {
    this.quote = quote;
  }

  static Engine of(Connection c) throws SQLException {
    return ofProduct(c.getMetaData().getDatabaseProductName());
  }

  static Engine ofProduct(String product) {
    String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (p.contains("postgres")) {
      return POSTGRES;
    }
    if (p.contains("mariadb") || p.contains("mysql")) {
      return MARIADB;
    }
    if (p.equals("h2")) {
      return H2;
    }
    return OTHER;
  }

  /** MySQL and MariaDB call a schema a database and put it in the catalog slot of the metadata. */
  boolean namespaceIsCatalog() {
    return this == MARIADB;
  }

  String quote(String identifier) {
    return quote + identifier.replace(quote, quote + quote) + quote;
  }

  String qualified(TableRef t) {
    return t.namespace() == null ? quote(t.name()) : quote(t.namespace()) + "." + quote(t.name());
  }

  String currentNamespace(Connection c) throws SQLException {
    return namespaceIsCatalog() ? c.getCatalog() : c.getSchema();
  }

  String catalogArg(String namespace) {
    return namespaceIsCatalog() ? namespace : null;
  }

  String schemaArg(DatabaseMetaData md, String namespace) throws SQLException {
    return namespaceIsCatalog() ? null : escapePattern(md, namespace);
  }

  /** Metadata arguments are LIKE patterns: an underscore in a real name must not match other tables. */
  static String escapePattern(DatabaseMetaData md, String name) throws SQLException {
    if (name == null) {
      return null;
    }
    String esc = md.getSearchStringEscape();
    if (esc == null || esc.isEmpty()) {
      return name;
    }
    return name.replace(esc, esc + esc).replace("_", esc + "_").replace("%", esc + "%");
  }
}
