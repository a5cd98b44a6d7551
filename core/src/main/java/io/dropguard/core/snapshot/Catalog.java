package io.dropguard.core.snapshot;

import io.dropguard.core.snapshot.TableDef.ColumnDef;
import io.dropguard.core.snapshot.TableDef.EnumType;
import io.dropguard.core.snapshot.TableDef.ForeignKeyDef;
import io.dropguard.core.snapshot.TableDef.IndexDef;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** What the database says about tables and views: existence, definitions, foreign keys, dependent views. */
final class Catalog {
  private final Connection c;
  private final Engine engine;
  private final DatabaseMetaData md;

  Catalog(Connection c, Engine engine) throws SQLException {
    this.c = c;
    this.engine = engine;
    this.md = c.getMetaData();
  }

  Engine engine() {
    return engine;
  }

  /** {@code TABLE}, {@code VIEW}, {@code MATERIALIZED VIEW}, or null when there is no such object. */
  String kindOf(TableRef t) throws SQLException {
    for (Map.Entry<TableRef, String> e : objects(t.namespace(), t.name()).entrySet()) {
      return e.getValue();
    }
    return null;
  }

  /** Every table and view of a namespace, tables first. */
  Map<TableRef, String> objectsIn(String namespace) throws SQLException {
    Map<TableRef, String> all = objects(namespace, null);
    Map<TableRef, String> ordered = new LinkedHashMap<>();
    all.forEach((k, v) -> {
      if (v.equals("TABLE")) {
        ordered.put(k, v);
      }
    });
    all.forEach(ordered::putIfAbsent);
    return ordered;
  }

  boolean namespaceExists(String namespace) throws SQLException {
    try (ResultSet rs = engine.namespaceIsCatalog() ? md.getCatalogs() : md.getSchemas()) {
      while (rs.next()) {
        if (rs.getString(1).equals(namespace)) {
          return true;
        }
      }
    }
    return false;
  }

  private Map<TableRef, String> objects(String namespace, String name) throws SQLException {
    Map<TableRef, String> out = new TreeMap<>((a, b) -> a.name().compareTo(b.name()));
    try (ResultSet rs =
        md.getTables(
            engine.catalogArg(namespace),
            engine.schemaArg(md, namespace),
            name == null ? "%" : Engine.escapePattern(md, name),
            null)) {
      while (rs.next()) {
        String ns = engine.namespaceIsCatalog() ? rs.getString("TABLE_CAT") : rs.getString("TABLE_SCHEM");
        String n = rs.getString("TABLE_NAME");
        if (!n.equals(name == null ? n : name) || (namespace != null && !namespace.equals(ns))) {
          continue;
        }
        String kind = kindOfType(rs.getString("TABLE_TYPE"));
        if (kind != null) {
          out.put(new TableRef(ns, n), kind);
        }
      }
    }
    return out;
  }

  private static String kindOfType(String type) {
    String t = type == null ? "" : type.toUpperCase(Locale.ROOT);
    if (t.contains("MATERIALIZED")) {
      return "MATERIALIZED VIEW";
    }
    if (t.contains("VIEW")) {
      return "VIEW";
    }
    if (t.contains("TABLE") && !t.contains("SYSTEM TABLE")) {
      return "TABLE";
    }
    return null;
  }

  /**
   * Tables whose foreign keys point at {@code t}, with their rules (for TRUNCATE ... CASCADE and cascading
   * deletes).
   */
  List<ForeignKeyDef> referencing(TableRef t) throws SQLException {
    Map<String, ForeignKeyDef> byName = new LinkedHashMap<>();
    Map<String, TableRef> from = new HashMap<>();
    try (ResultSet rs = md.getExportedKeys(engine.catalogArg(t.namespace()), engine.namespaceIsCatalog() ? null : t.namespace(), t.name())) {
      while (rs.next()) {
        TableRef fk =
            new TableRef(
                engine.namespaceIsCatalog() ? rs.getString("FKTABLE_CAT") : rs.getString("FKTABLE_SCHEM"),
                rs.getString("FKTABLE_NAME"));
        String key = fk + "/" + rs.getString("FK_NAME");
        from.put(key, fk);
        ForeignKeyDef prev = byName.get(key);
        List<String> cols = new ArrayList<>(prev == null ? List.of() : prev.columns());
        cols.add(rs.getString("FKCOLUMN_NAME"));
        List<String> ref = new ArrayList<>(prev == null ? List.of() : prev.refColumns());
        ref.add(rs.getString("PKCOLUMN_NAME"));
        // The foreign key is named after the referencing table here: references() holds that table.
        byName.put(
            key,
            new ForeignKeyDef(
                rs.getString("FK_NAME"), cols, fk, ref, rule(rs.getShort("DELETE_RULE")),
                rule(rs.getShort("UPDATE_RULE"))));
      }
    }
    return new ArrayList<>(byName.values());
  }

  private static String rule(short r) {
    switch (r) {
      case DatabaseMetaData.importedKeyCascade:
        return "CASCADE";
      case DatabaseMetaData.importedKeySetNull:
        return "SET NULL";
      case DatabaseMetaData.importedKeySetDefault:
        return "SET DEFAULT";
      case DatabaseMetaData.importedKeyRestrict:
        return "RESTRICT";
      default:
        return "NO ACTION";
    }
  }

  /** Views that would go with {@code t} under CASCADE (PostgreSQL knows; elsewhere: views whose text names it). */
  List<TableRef> dependentViews(TableRef t) throws SQLException {
    List<TableRef> out = new ArrayList<>();
    if (engine == Engine.POSTGRES) {
      String sql =
          "select distinct vn.nspname, v.relname from pg_depend d join pg_rewrite r on r.oid = d.objid"
              + " join pg_class v on v.oid = r.ev_class join pg_namespace vn on vn.oid = v.relnamespace"
              + " where d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass"
              + " and d.refobjid = to_regclass(?) and v.oid <> d.refobjid order by 1, 2";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, engine.qualified(t));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new TableRef(rs.getString(1), rs.getString(2)));
          }
        }
      }
      return out;
    }
    if (engine == Engine.OTHER) {
      return out;
    }
    Pattern word = Pattern.compile("(?i)(^|[^A-Za-z0-9_$])" + Pattern.quote(t.name()) + "($|[^A-Za-z0-9_$])");
    try (PreparedStatement ps =
        c.prepareStatement("select TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION from INFORMATION_SCHEMA.VIEWS")) {
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String def = rs.getString(3);
          TableRef v = new TableRef(rs.getString(1), rs.getString(2));
          if (def != null && !v.equals(t) && word.matcher(def).find()) {
            out.add(v);
          }
        }
      }
    }
    return out;
  }

  TableDef definition(TableRef t, String kind) throws SQLException {
    List<ColumnDef> columns = columns(t);
    if (!kind.equals("TABLE")) {
      return new TableDef(
          t, kind, columns, null, List.of(), List.of(), List.of(), List.of(), viewDefinition(t, kind), List.of(),
          null);
    }
    String[] pkName = new String[1];
    List<String> pk = primaryKey(t, pkName);
    return new TableDef(
        t, kind, columns, pkName[0], pk, indexes(t, pkName[0], pk), importedKeys(t), checks(t), null, enums(t),
        nativeDdl(t));
  }

  private List<ColumnDef> columns(TableRef t) throws SQLException {
    Map<String, String> types = engineTypes(t);
    Map<String, Boolean> pgIdentity = new HashMap<>();
    if (engine == Engine.POSTGRES) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "select attname, attidentity <> '' from pg_attribute where attrelid = to_regclass(?)"
                  + " and attnum > 0 and not attisdropped")) {
        ps.setString(1, engine.qualified(t));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            pgIdentity.put(rs.getString(1), rs.getBoolean(2));
          }
        }
      }
    }
    List<ColumnDef> out = new ArrayList<>();
    try (ResultSet rs =
        md.getColumns(
            engine.catalogArg(t.namespace()), engine.schemaArg(md, t.namespace()),
            Engine.escapePattern(md, t.name()), "%")) {
      while (rs.next()) {
        if (!rs.getString("TABLE_NAME").equals(t.name())) {
          continue;
        }
        String name = rs.getString("COLUMN_NAME");
        int jdbcType = rs.getInt("DATA_TYPE");
        String typeName = rs.getString("TYPE_NAME");
        String type = types.getOrDefault(name, fallbackType(typeName, jdbcType, rs.getInt("COLUMN_SIZE"), rs.getInt("DECIMAL_DIGITS")));
        boolean identity =
            engine == Engine.POSTGRES
                ? pgIdentity.getOrDefault(name, false)
                : "YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"));
        String def = rs.getString("COLUMN_DEF");
        out.add(
            new ColumnDef(
                name, type, jdbcType, rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls, def, identity,
                encoding(jdbcType, typeName, rs.getInt("COLUMN_SIZE"))));
      }
    }
    return out;
  }

  private String encoding(int jdbcType, String typeName, int size) {
    switch (jdbcType) {
      case Types.BINARY:
      case Types.VARBINARY:
      case Types.LONGVARBINARY:
      case Types.BLOB:
        return "bytes";
      case Types.BIT:
        // MySQL BIT(n) is a bit string, not a boolean; its text form is not the value.
        return engine == Engine.MARIADB && size > 1 ? "bytes" : "text";
      default:
        // H2 reads a string bound to a JSON column as one JSON string; bytes are parsed as JSON text.
        return engine == Engine.H2 && "JSON".equalsIgnoreCase(typeName) ? "bytes" : "text";
    }
  }

  private static String fallbackType(String typeName, int jdbcType, int size, int digits) {
    switch (jdbcType) {
      case Types.CHAR:
      case Types.VARCHAR:
      case Types.NCHAR:
      case Types.NVARCHAR:
      case Types.BINARY:
      case Types.VARBINARY:
        return size > 0 && size < Integer.MAX_VALUE ? typeName + "(" + size + ")" : typeName;
      case Types.DECIMAL:
      case Types.NUMERIC:
        return size > 0 ? typeName + "(" + size + "," + digits + ")" : typeName;
      default:
        return typeName;
    }
  }

  /** The exact type text per column, where the engine can tell it. */
  private Map<String, String> engineTypes(TableRef t) throws SQLException {
    Map<String, String> out = new HashMap<>();
    String sql;
    switch (engine) {
      case POSTGRES:
        sql =
            "select attname, format_type(atttypid, atttypmod) from pg_attribute where attrelid = to_regclass(?)"
                + " and attnum > 0 and not attisdropped";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setString(1, engine.qualified(t));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(rs.getString(1), rs.getString(2));
            }
          }
        }
        return out;
      case MARIADB:
        sql = "select COLUMN_NAME, COLUMN_TYPE from information_schema.COLUMNS where TABLE_SCHEMA = ? and TABLE_NAME = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setString(1, t.namespace());
          ps.setString(2, t.name());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(rs.getString(1), rs.getString(2));
            }
          }
        }
        return out;
      case H2:
        sql =
            "select COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE,"
                + " DATETIME_PRECISION, INTERVAL_TYPE from INFORMATION_SCHEMA.COLUMNS where TABLE_SCHEMA = ? and TABLE_NAME = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setString(1, t.namespace());
          ps.setString(2, t.name());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String type =
                  "INTERVAL".equals(rs.getString(2))
                      ? "INTERVAL " + rs.getString(7)
                      : h2Type(rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getInt(5), rs.getObject(6));
              if (type != null) {
                out.put(rs.getString(1), type);
              }
            }
          }
        }
        return out;
      default:
        return out;
    }
  }

  private static String h2Type(String type, long length, int precision, int scale, Object dtPrecision) {
    switch (type) {
      case "CHARACTER":
      case "CHARACTER VARYING":
      case "VARCHAR_IGNORECASE":
      case "BINARY":
      case "BINARY VARYING":
        return type + "(" + length + ")";
      case "NUMERIC":
      case "DECIMAL":
        return type + "(" + precision + ", " + scale + ")";
      case "DECFLOAT":
        return type + "(" + precision + ")";
      case "TIME":
      case "TIMESTAMP":
      case "TIME WITH TIME ZONE":
      case "TIMESTAMP WITH TIME ZONE":
        if (dtPrecision == null) {
          return type;
        }
        int sp = type.indexOf(' ');
        String p = "(" + dtPrecision + ")";
        return sp < 0 ? type + p : type.substring(0, sp) + p + type.substring(sp);
      case "ARRAY":
      case "ENUM":
      case "ROW":
        return null;
      default:
        return type;
    }
  }

  private List<String> primaryKey(TableRef t, String[] name) throws SQLException {
    TreeMap<Short, String> cols = new TreeMap<>();
    try (ResultSet rs = md.getPrimaryKeys(engine.catalogArg(t.namespace()), engine.namespaceIsCatalog() ? null : t.namespace(), t.name())) {
      while (rs.next()) {
        cols.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
        name[0] = rs.getString("PK_NAME");
      }
    }
    return new ArrayList<>(cols.values());
  }

  private List<IndexDef> indexes(TableRef t, String pkName, List<String> pk) throws SQLException {
    Map<String, TreeMap<Short, String>> cols = new LinkedHashMap<>();
    Map<String, Boolean> unique = new HashMap<>();
    try (ResultSet rs =
        md.getIndexInfo(engine.catalogArg(t.namespace()), engine.namespaceIsCatalog() ? null : t.namespace(), t.name(), false, false)) {
      while (rs.next()) {
        String name = rs.getString("INDEX_NAME");
        String col = rs.getString("COLUMN_NAME");
        if (name == null || rs.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic) {
          continue;
        }
        if (col == null) {
          cols.put(name, null); // an expression index: not portable through metadata
          continue;
        }
        cols.computeIfAbsent(name, k -> new TreeMap<>());
        if (cols.get(name) != null) {
          cols.get(name).put(rs.getShort("ORDINAL_POSITION"), col);
        }
        unique.put(name, !rs.getBoolean("NON_UNIQUE"));
      }
    }
    List<IndexDef> out = new ArrayList<>();
    for (Map.Entry<String, TreeMap<Short, String>> e : cols.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      List<String> c = new ArrayList<>(e.getValue().values());
      boolean u = unique.getOrDefault(e.getKey(), false);
      if (e.getKey().equals(pkName) || e.getKey().equals("PRIMARY") || (u && c.equals(pk))) {
        continue; // the primary key's own index
      }
      out.add(new IndexDef(e.getKey(), u, c));
    }
    return out;
  }

  private List<ForeignKeyDef> importedKeys(TableRef t) throws SQLException {
    Map<String, ForeignKeyDef> byName = new LinkedHashMap<>();
    try (ResultSet rs = md.getImportedKeys(engine.catalogArg(t.namespace()), engine.namespaceIsCatalog() ? null : t.namespace(), t.name())) {
      while (rs.next()) {
        String name = rs.getString("FK_NAME");
        ForeignKeyDef prev = byName.get(name);
        List<String> cols = new ArrayList<>(prev == null ? List.of() : prev.columns());
        cols.add(rs.getString("FKCOLUMN_NAME"));
        List<String> ref = new ArrayList<>(prev == null ? List.of() : prev.refColumns());
        ref.add(rs.getString("PKCOLUMN_NAME"));
        TableRef target =
            new TableRef(
                engine.namespaceIsCatalog() ? rs.getString("PKTABLE_CAT") : rs.getString("PKTABLE_SCHEM"),
                rs.getString("PKTABLE_NAME"));
        byName.put(
            name,
            new ForeignKeyDef(
                name, cols, target, ref, rule(rs.getShort("DELETE_RULE")), rule(rs.getShort("UPDATE_RULE"))));
      }
    }
    return new ArrayList<>(byName.values());
  }

  private List<String> checks(TableRef t) throws SQLException {
    List<String> out = new ArrayList<>();
    String sql;
    if (engine == Engine.POSTGRES) {
      sql = "select pg_get_constraintdef(oid) from pg_constraint where conrelid = to_regclass(?) and contype in ('c', 'u', 'x') order by conname";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, engine.qualified(t));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
    } else if (engine == Engine.H2) {
      sql =
          "select cc.CHECK_CLAUSE from INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc join INFORMATION_SCHEMA.CHECK_CONSTRAINTS cc"
              + " on cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA and cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
              + " where tc.TABLE_SCHEMA = ? and tc.TABLE_NAME = ? and tc.CONSTRAINT_TYPE = 'CHECK' order by tc.CONSTRAINT_NAME";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, t.namespace());
        ps.setString(2, t.name());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add("CHECK (" + rs.getString(1) + ")");
          }
        }
      }
    }
    return out;
  }

  private List<EnumType> enums(TableRef t) throws SQLException {
    if (engine != Engine.POSTGRES) {
      return List.of();
    }
    String sql =
        "select n.nspname, ty.typname, e.enumlabel from pg_attribute a join pg_type t0 on t0.oid = a.atttypid"
            + " join pg_type ty on ty.oid = case when t0.typelem <> 0 and t0.typlen = -1 then t0.typelem else t0.oid end"
            + " join pg_namespace n on n.oid = ty.typnamespace join pg_enum e on e.enumtypid = ty.oid"
            + " where a.attrelid = to_regclass(?) and a.attnum > 0 and not a.attisdropped"
            + " order by n.nspname, ty.typname, e.enumsortorder";
    Map<String, EnumType> out = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, engine.qualified(t));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String key = rs.getString(1) + "." + rs.getString(2);
          EnumType prev = out.get(key);
          List<String> labels = new ArrayList<>(prev == null ? List.of() : prev.labels());
          if (!labels.contains(rs.getString(3))) {
            labels.add(rs.getString(3));
          }
          out.put(key, new EnumType(rs.getString(1), rs.getString(2), labels));
        }
      }
    }
    return new ArrayList<>(out.values());
  }

  private String nativeDdl(TableRef t) throws SQLException {
    if (engine != Engine.MARIADB) {
      return null;
    }
    try (PreparedStatement ps = c.prepareStatement("SHOW CREATE TABLE " + engine.qualified(t));
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(2) : null;
    }
  }

  private String viewDefinition(TableRef t, String kind) throws SQLException {
    String sql;
    if (engine == Engine.POSTGRES) {
      sql = "select pg_get_viewdef(to_regclass(?), true)";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, engine.qualified(t));
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    }
    sql = "select VIEW_DEFINITION from INFORMATION_SCHEMA.VIEWS where TABLE_SCHEMA = ? and TABLE_NAME = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, t.namespace());
      ps.setString(2, t.name());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
