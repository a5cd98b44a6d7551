package io.dropguard.core.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The saved definition of one table or view, as far as the database's metadata tells: enough to recreate it in a
 * fresh database of the same engine.
 *
 * @param kind {@code TABLE}, {@code VIEW} or {@code MATERIALIZED VIEW}
 * @param checks check and unique constraints as SQL table-constraint text ({@code CHECK (...)}), names left out
 * @param nativeDdl the engine's own CREATE statement where it has one (MariaDB {@code SHOW CREATE TABLE}), or null
 */
record TableDef(
    TableRef ref,
    String kind,
    List<ColumnDef> columns,
    String primaryKeyName,
    List<String> primaryKey,
    List<IndexDef> indexes,
    List<ForeignKeyDef> foreignKeys,
    List<String> checks,
    String viewDefinition,
    List<EnumType> enums,
    String nativeDdl) {

  /**
   * @param type the column type as the engine writes it ({@code numeric(30,10)}, {@code integer[]})
   * @param encoding how the row files hold its values: {@code text} (the engine's exact text form) or
   *     {@code bytes}
   */
  record ColumnDef(
      String name, String type, int jdbcType, boolean nullable, String defaultValue, boolean identity,
      String encoding) {}

  record IndexDef(String name, boolean unique, List<String> columns) {}

  record ForeignKeyDef(
      String name, List<String> columns, TableRef references, List<String> refColumns, String onDelete,
      String onUpdate) {}

  record EnumType(String namespace, String name, List<String> labels) {}

  boolean isView() {
    return !kind.equals("TABLE");
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("namespace", ref.namespace());
    m.put("name", ref.name());
    m.put("kind", kind);
    List<Object> cols = new ArrayList<>();
    for (ColumnDef c : columns) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("name", c.name());
      cm.put("type", c.type());
      cm.put("jdbcType", c.jdbcType());
      cm.put("nullable", c.nullable());
      cm.put("default", c.defaultValue());
      cm.put("identity", c.identity());
      cm.put("encoding", c.encoding());
      cols.add(cm);
    }
    m.put("columns", cols);
    m.put("primaryKeyName", primaryKeyName);
    m.put("primaryKey", primaryKey);
    List<Object> idx = new ArrayList<>();
    for (IndexDef i : indexes) {
      Map<String, Object> im = new LinkedHashMap<>();
      im.put("name", i.name());
      im.put("unique", i.unique());
      im.put("columns", i.columns());
      idx.add(im);
    }
    m.put("indexes", idx);
    List<Object> fks = new ArrayList<>();
    for (ForeignKeyDef f : foreignKeys) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("name", f.name());
      fm.put("columns", f.columns());
      fm.put("refNamespace", f.references().namespace());
      fm.put("refName", f.references().name());
      fm.put("refColumns", f.refColumns());
      fm.put("onDelete", f.onDelete());
      fm.put("onUpdate", f.onUpdate());
      fks.add(fm);
    }
    m.put("foreignKeys", fks);
    m.put("checks", checks);
    m.put("viewDefinition", viewDefinition);
    List<Object> en = new ArrayList<>();
    for (EnumType e : enums) {
      Map<String, Object> em = new LinkedHashMap<>();
      em.put("namespace", e.namespace());
      em.put("name", e.name());
      em.put("labels", e.labels());
      en.add(em);
    }
    m.put("enums", en);
    m.put("nativeDdl", nativeDdl);
    return m;
  }

  @SuppressWarnings("unchecked")
  static TableDef fromJson(Map<String, Object> m) {
    List<ColumnDef> cols = new ArrayList<>();
    for (Object o : (List<Object>) m.get("columns")) {
      Map<String, Object> c = (Map<String, Object>) o;
      cols.add(
          new ColumnDef(
              (String) c.get("name"),
              (String) c.get("type"),
              ((Long) c.get("jdbcType")).intValue(),
              (Boolean) c.get("nullable"),
              (String) c.get("default"),
              (Boolean) c.get("identity"),
              (String) c.get("encoding")));
    }
    List<IndexDef> idx = new ArrayList<>();
    for (Object o : (List<Object>) m.get("indexes")) {
      Map<String, Object> i = (Map<String, Object>) o;
      idx.add(new IndexDef((String) i.get("name"), (Boolean) i.get("unique"), strings(i.get("columns"))));
    }
    List<ForeignKeyDef> fks = new ArrayList<>();
    for (Object o : (List<Object>) m.get("foreignKeys")) {
      Map<String, Object> f = (Map<String, Object>) o;
      fks.add(
          new ForeignKeyDef(
              (String) f.get("name"),
              strings(f.get("columns")),
              new TableRef((String) f.get("refNamespace"), (String) f.get("refName")),
              strings(f.get("refColumns")),
              (String) f.get("onDelete"),
              (String) f.get("onUpdate")));
    }
    List<EnumType> en = new ArrayList<>();
    for (Object o : (List<Object>) m.get("enums")) {
      Map<String, Object> e = (Map<String, Object>) o;
      en.add(new EnumType((String) e.get("namespace"), (String) e.get("name"), strings(e.get("labels"))));
    }
    return new TableDef(
        new TableRef((String) m.get("namespace"), (String) m.get("name")),
        (String) m.get("kind"),
        cols,
        (String) m.get("primaryKeyName"),
        strings(m.get("primaryKey")),
        idx,
        fks,
        strings(m.get("checks")),
        (String) m.get("viewDefinition"),
        en,
        (String) m.get("nativeDdl"));
  }

  @SuppressWarnings("unchecked")
  static List<String> strings(Object o) {
    return o == null ? List.of() : List.copyOf((List<String>) o);
  }
}
