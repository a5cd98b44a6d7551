package io.dropguard.core.snapshot;

import io.dropguard.core.analysis.Finding;
import io.dropguard.core.analysis.ObjectName;
import io.dropguard.core.snapshot.TableDef.ForeignKeyDef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * [#5] Turns findings into everything the statement would destroy: the named tables, what CASCADE takes along
 * (referencing tables for TRUNCATE ... CASCADE and cascading foreign keys for DELETE and UPDATE, every object of a
 * dropped schema) and the views that depend on them. A target that does not exist (DROP ... IF EXISTS of nothing)
 * has nothing to save.
 */
final class TargetResolver {
  private static final Pattern CASCADE = Pattern.compile("(?i)\\bcascade\\b");

  private final Catalog catalog;
  private final String currentNamespace;
  private final Map<TableRef, String> out = new LinkedHashMap<>();

  private TargetResolver(Catalog catalog, String currentNamespace) {
    this.catalog = catalog;
    this.currentNamespace = currentNamespace;
  }

  /** Objects to save, in an order that restores (tables before the views on them), each with its kind. */
  static Map<TableRef, String> resolve(Connection c, Catalog catalog, String statement, List<Finding> findings)
      throws SQLException, SnapshotException {
    TargetResolver r = new TargetResolver(catalog, catalog.engine().currentNamespace(c));
    boolean cascade = statement != null && CASCADE.matcher(statement).find();
    for (Finding f : findings) {
      r.add(f, cascade);
    }
    // Views last, so that a restore creates them after the tables they read.
    Map<TableRef, String> ordered = new LinkedHashMap<>();
    r.out.forEach((k, v) -> {
      if (v.equals("TABLE")) {
        ordered.put(k, v);
      }
    });
    r.out.forEach(ordered::putIfAbsent);
    return ordered;
  }

  private void add(Finding f, boolean cascade) throws SQLException, SnapshotException {
    switch (f.kind()) {
      case DROP_TABLE:
        for (ObjectName n : f.targets()) {
          TableRef t = ref(n);
          String kind = catalog.kindOf(t);
          if (kind != null) {
            addWithViews(t, kind);
          }
        }
        break;
      case DROP_VIEW:
        for (ObjectName n : f.targets()) {
          TableRef t = ref(n);
          String kind = catalog.kindOf(t);
          if (kind != null) {
            addWithViews(t, kind);
          }
        }
        break;
      case TRUNCATE:
        for (ObjectName n : f.targets()) {
          TableRef t = ref(n);
          if (requireTable(t, f)) {
            addTable(t);
            if (cascade) {
              closure(t, fk -> true);
            }
          }
        }
        break;
      case DELETE_ALL:
        for (ObjectName n : f.targets()) {
          TableRef t = ref(n);
          if (requireTable(t, f)) {
            addTable(t);
            closure(t, fk -> !fk.onDelete().equals("NO ACTION") && !fk.onDelete().equals("RESTRICT"));
          }
        }
        break;
      case UPDATE_ALL:
        for (ObjectName n : f.targets()) {
          TableRef t = ref(n);
          if (requireTable(t, f)) {
            addTable(t);
            closure(t, fk -> !fk.onUpdate().equals("NO ACTION") && !fk.onUpdate().equals("RESTRICT"));
          }
        }
        break;
      case ALTER_DROP:
        for (ObjectName n : f.targets()) {
          // The target names the table, or the table and the column; the whole table is kept either way.
          TableRef t = ref(n);
          String kind = catalog.kindOf(t);
          if (kind == null && n.parts().size() >= 2) {
            t = ref(new ObjectName(n.parts().subList(0, n.parts().size() - 1)));
            kind = catalog.kindOf(t);
          }
          if ("TABLE".equals(kind)) {
            addWithViews(t, kind);
          }
        }
        break;
      case DROP_SCHEMA:
        for (ObjectName n : f.targets()) {
          String ns = n.name();
          if (!catalog.namespaceExists(ns)) {
            continue;
          }
          for (Map.Entry<TableRef, String> e : catalog.objectsIn(ns).entrySet()) {
            addWithViews(e.getKey(), e.getValue());
          }
        }
        break;
      default:
        // Other kinds destroy nothing a snapshot can hold (indexes, sequences, roles) or are refused elsewhere.
        break;
    }
  }

  private boolean requireTable(TableRef t, Finding f) throws SQLException, SnapshotException {
    String kind = catalog.kindOf(t);
    if (kind == null) {
      return false;
    }
    if (!kind.equals("TABLE")) {
      throw new SnapshotException(
          t + " is a " + kind.toLowerCase(java.util.Locale.ROOT) + ": DropGuard cannot tell which table's rows "
              + f.kind().id() + " through it would change, so it cannot snapshot them");
    }
    return true;
  }

  private TableRef ref(ObjectName n) {
    String ns = n.schema();
    return new TableRef(ns == null ? currentNamespace : ns, n.name());
  }

  private void addTable(TableRef t) {
    out.putIfAbsent(t, "TABLE");
  }

  private void addWithViews(TableRef t, String kind) throws SQLException {
    Deque<TableRef> todo = new ArrayDeque<>();
    if (out.putIfAbsent(t, kind) == null) {
      todo.add(t);
    }
    while (!todo.isEmpty()) {
      for (TableRef v : catalog.dependentViews(todo.poll())) {
        if (!out.containsKey(v)) {
          String k = catalog.kindOf(v);
          if (k != null) {
            out.put(v, k);
            todo.add(v);
          }
        }
      }
    }
  }

  private void closure(TableRef start, java.util.function.Predicate<ForeignKeyDef> follows) throws SQLException {
    Deque<TableRef> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      for (ForeignKeyDef fk : catalog.referencing(todo.poll())) {
        TableRef from = fk.references();
        if (follows.test(fk) && !out.containsKey(from)) {
          out.put(from, "TABLE");
          todo.add(from);
        }
      }
    }
  }
}
