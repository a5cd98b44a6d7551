package io.dropguard.core.analysis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Finds every DELETE, UPDATE and MERGE in a parsed statement, including those inside data-modifying CTEs at
 * any depth, and turns each target table into a {@link DmlPart}.
 */
final class DmlStatementReader {
  private final Dialect dialect;
  private final List<DmlPart> parts = new ArrayList<>();
  private final java.util.Map<String, WithItem<?>> ctes = new java.util.HashMap<>();

  private DmlStatementReader(Dialect dialect) {
    this.dialect = dialect;
  }

  static List<DmlPart> read(Statement statement, Dialect dialect) {
    DmlStatementReader r = new DmlStatementReader(dialect);
    r.statement(statement, 0);
    return r.parts;
  }

  /** A table or subquery in a FROM/USING/JOIN list, with the name a condition uses for it. */
  private record Source(FromItem item, String qualifier) {}

  private void statement(Statement s, int depth) {
    if (s == null || depth > 20) {
      return;
    }
    if (s instanceof Delete d) {
      withItems(d.getWithItemsList(), depth);
      delete(d);
    } else if (s instanceof Update u) {
      withItems(u.getWithItemsList(), depth);
      update(u);
    } else if (s instanceof Merge m) {
      withItems(m.getWithItemsList(), depth);
      merge(m);
    } else if (s instanceof Insert i) {
      withItems(i.getWithItemsList(), depth);
      if (i.getSelect() != null) {
        statement(i.getSelect(), depth + 1);
      }
    } else if (s instanceof Select sel) {
      withItems(sel.getWithItemsList(), depth);
      if (sel instanceof ParenthesedSelect p) {
        statement(p.getSelect(), depth + 1);
      } else if (sel instanceof SetOperationList set && set.getSelects() != null) {
        for (Select part : set.getSelects()) {
          statement(part, depth + 1);
        }
      }
    }
  }

  private void withItems(List<WithItem<?>> items, int depth) {
    if (items == null) {
      return;
    }
    for (WithItem<?> w : items) {
      if (w.getAliasName() != null) {
        ctes.put(lower(w.getAliasName()), w);
      }
      // the typed getters of WithItem cast blindly: look at what it holds instead
      Object inner = w.getParenthesedStatement();
      if (inner instanceof ParenthesedDelete pd) {
        statement(pd.getDelete(), depth + 1);
      } else if (inner instanceof ParenthesedUpdate pu) {
        statement(pu.getUpdate(), depth + 1);
      } else if (inner instanceof ParenthesedInsert pi) {
        statement(pi.getInsert(), depth + 1);
      } else if (inner instanceof Statement st) {
        statement(st, depth + 1);
      }
    }
  }

  private void delete(Delete d) {
    List<Source> scope = new ArrayList<>();
    add(scope, d.getTable());
    if (d.getUsingList() != null) {
      for (Table t : d.getUsingList()) {
        add(scope, t);
      }
    }
    List<Expression> ons = joins(scope, d.getJoins());
    String limit = limitText(d.getLimit(), d.getOrderByElements() != null);
    List<Source> targets = new ArrayList<>();
    if (d.getTables() != null && !d.getTables().isEmpty()) {
      for (Table named : d.getTables()) {
        targets.add(resolve(scope, named));
      }
    } else if (!scope.isEmpty()) {
      targets.add(scope.get(0));
    }
    for (Source target : targets) {
      emit(DmlPart.Form.DELETE, target, scope, and(d.getWhere(), ons), limit, Set.of());
    }
  }

  private void update(Update u) {
    List<Source> scope = new ArrayList<>();
    add(scope, u.getTable());
    List<Expression> ons = new ArrayList<>(joins(scope, u.getStartJoins()));
    if (u.getFromItem() != null) {
      add(scope, u.getFromItem());
    }
    ons.addAll(joins(scope, u.getJoins()));
    String limit = limitText(u.getLimit(), u.getOrderByElements() != null);
    Set<Source> targets = new LinkedHashSet<>();
    Source main = scope.isEmpty() ? null : resolveAlias(scope, scope.get(0));
    if (u.getUpdateSets() != null) {
      for (UpdateSet set : u.getUpdateSets()) {
        if (set.getColumns() == null) {
          continue;
        }
        for (Column c : set.getColumns()) {
          Table t = c.getTable();
          if (t != null && t.getName() != null && scope.size() > 1) {
            targets.add(resolve(scope, t));
          } else if (main != null) {
            targets.add(main);
          }
        }
      }
    }
    if (targets.isEmpty() && main != null) {
      targets.add(main);
    }
    for (Source target : targets) {
      emit(DmlPart.Form.UPDATE, target, scope, and(u.getWhere(), ons), limit, setColumns(u.getUpdateSets()));
    }
  }

  private void merge(Merge m) {
    List<Source> scope = new ArrayList<>();
    add(scope, m.getTable());
    add(scope, m.getFromItem());
    if (scope.isEmpty() || m.getOperations() == null) {
      return;
    }
    Source target = scope.get(0);
    for (MergeOperation op : m.getOperations()) {
      if (op instanceof MergeDelete del) {
        // #2: the ON condition pairs target rows with source rows; it is not a filter chosen for deletion.
        // A matched DELETE is scoped only when its own AND condition restricts the target's rows.
        emit(DmlPart.Form.MERGE_DELETE, target, scope, del.getAndPredicate(), null, Set.of());
      } else if (op instanceof MergeUpdate upd) {
        emit(
            DmlPart.Form.MERGE_UPDATE,
            target,
            scope,
            and(m.getOnCondition(), list(and(upd.getAndPredicate(), list(upd.getWhereCondition())))),
            null,
            setColumns(upd.getUpdateSets()));
        if (upd.getDeleteWhereCondition() != null) {
          // Oracle's UPDATE ... DELETE WHERE: deletes updated rows that satisfy the condition.
          emit(DmlPart.Form.MERGE_DELETE, target, scope, upd.getDeleteWhereCondition(), null, Set.of());
        }
      }
    }
  }

  private static List<Expression> list(Expression e) {
    return e == null ? List.of() : List.of(e);
  }

  private void emit(
      DmlPart.Form form,
      Source target,
      List<Source> scope,
      Expression where,
      String limit,
      Set<String> setColumns) {
    if (!(target.item() instanceof Table table)) {
      return; // a derived table as target (DELETE FROM (SELECT ...)): not a base table we can name
    }
    Set<String> targetNames = new LinkedHashSet<>();
    targetNames.add(target.qualifier());
    if (table.getName() != null) {
      targetNames.add(lower(table.getName()));
    }
    Set<String> otherNames = new LinkedHashSet<>();
    List<String> others = new ArrayList<>();
    Set<String> otherColumns = new java.util.HashSet<>();
    for (Source s : scope) {
      if (s == target) {
        continue;
      }
      Set<String> known = otherColumns == null ? null : columnsOf(s);
      if (known == null) {
        otherColumns = null;
      } else {
        otherColumns.addAll(known);
      }
      otherNames.add(s.qualifier());
      if (s.item() instanceof Table t && t.getName() != null) {
        otherNames.add(lower(t.getName()));
      }
      others.add(s.qualifier());
    }
    // the target's own alias always means the target, even when the same table also appears as another source
    otherNames.remove(target.qualifier());
    PredicateReader reader =
        new PredicateReader(
            new PredicateReader.Names(targetNames, otherNames, others.isEmpty(), setColumns, otherColumns));
    Predicate p = reader.read(where);
    parts.add(
        new DmlPart(form, name(table), p, where == null ? null : where.toString(), others, limit, false));
  }

  /** Unqualified SET column names: columns the target is known to have. */
  private static Set<String> setColumns(List<UpdateSet> sets) {
    Set<String> names = new java.util.HashSet<>();
    if (sets != null) {
      for (UpdateSet set : sets) {
        if (set.getColumns() != null) {
          for (Column c : set.getColumns()) {
            if (c.getTable() == null || c.getTable().getName() == null) {
              names.add(lower(c.getColumnName()));
            }
          }
        }
      }
    }
    return names;
  }

  /** The columns a source is known to have (CTEs, aliased VALUES, subqueries), or null when unknown. */
  private Set<String> columnsOf(Source s) {
    FromItem item = s.item();
    if (item.getAlias() != null
        && item.getAlias().getAliasColumns() != null
        && !item.getAlias().getAliasColumns().isEmpty()) {
      Set<String> names = new java.util.HashSet<>();
      item.getAlias().getAliasColumns().forEach(c -> names.add(lower(c.name)));
      return names;
    }
    if (item instanceof Table t && t.getSchemaName() == null && t.getName() != null) {
      WithItem<?> w = ctes.get(lower(t.getName()));
      if (w == null) {
        return null;
      }
      if (w.getWithItemList() != null && !w.getWithItemList().isEmpty()) {
        return itemNames(w.getWithItemList());
      }
      Object inner = w.getParenthesedStatement();
      if (inner instanceof ParenthesedSelect ps && ps.getSelect() instanceof net.sf.jsqlparser.statement.select.PlainSelect p) {
        return itemNames(p.getSelectItems());
      }
      if (inner instanceof ParenthesedDelete pd) {
        return pd.getDelete().getReturningClause() == null ? null : itemNames(pd.getDelete().getReturningClause());
      }
      if (inner instanceof ParenthesedUpdate pu) {
        return pu.getUpdate().getReturningClause() == null ? null : itemNames(pu.getUpdate().getReturningClause());
      }
      if (inner instanceof ParenthesedInsert pi) {
        return pi.getInsert().getReturningClause() == null ? null : itemNames(pi.getInsert().getReturningClause());
      }
      return null;
    }
    if (item instanceof ParenthesedSelect ps && ps.getSelect() instanceof net.sf.jsqlparser.statement.select.PlainSelect p) {
      return itemNames(p.getSelectItems());
    }
    return null;
  }

  private static Set<String> itemNames(List<? extends net.sf.jsqlparser.statement.select.SelectItem<?>> items) {
    if (items == null) {
      return null;
    }
    Set<String> names = new java.util.HashSet<>();
    for (net.sf.jsqlparser.statement.select.SelectItem<?> item : items) {
      if (item.getAlias() != null && item.getAlias().getName() != null) {
        names.add(lower(item.getAlias().getName()));
      } else if (item.getExpression() instanceof Column c
          && !(item.getExpression() instanceof net.sf.jsqlparser.statement.select.AllColumns)) {
        names.add(lower(c.getColumnName()));
      } else {
        return null; // * or an unnamed expression: the column names are the engine's business
      }
    }
    return names;
  }

  private static Expression and(Expression where, List<Expression> more) {
    Expression result = where;
    for (Expression e : more) {
      result = result == null ? e : new AndExpression(result, e);
    }
    return result;
  }

  /** Adds the joined sources to the scope, returning the ON conditions of inner joins (those restrict rows). */
  private List<Expression> joins(List<Source> scope, List<Join> joins) {
    List<Expression> ons = new ArrayList<>();
    if (joins == null) {
      return ons;
    }
    for (Join j : joins) {
      add(scope, j.getFromItem());
      boolean outer = j.isLeft() || j.isRight() || j.isFull() || j.isOuter() || j.isNatural() || j.isCross();
      if (!outer && j.getOnExpressions() != null) {
        ons.addAll(j.getOnExpressions());
      }
    }
    return ons;
  }

  private void add(List<Source> scope, FromItem item) {
    if (item == null) {
      return;
    }
    if (item instanceof ParenthesedFromItem pf) {
      add(scope, pf.getFromItem());
      joins(scope, pf.getJoins());
      return;
    }
    String qualifier;
    if (item.getAlias() != null && item.getAlias().getName() != null) {
      qualifier = lower(item.getAlias().getName());
    } else if (item instanceof Table t && t.getName() != null) {
      qualifier = lower(t.getName());
    } else {
      qualifier = "(subquery)";
    }
    scope.add(new Source(item, qualifier));
  }

  /** The source a target list entry ({@code DELETE t1, t2 FROM ...}) names, by alias or table name. */
  private Source resolve(List<Source> scope, Table named) {
    String n = lower(named.getName());
    for (Source s : scope) {
      if (s.qualifier().equals(n)) {
        return s;
      }
    }
    for (Source s : scope) {
      if (s.item() instanceof Table t && t.getName() != null && lower(t.getName()).equals(n)) {
        return s;
      }
    }
    // not declared in FROM: the name itself is the table
    String q = named.getAlias() != null ? lower(named.getAlias().getName()) : n;
    Source s = new Source(named, q);
    scope.add(0, s);
    return s;
  }

  /** SQL Server's {@code UPDATE a SET ... FROM t a}: the target named first is an alias declared later. */
  private static Source resolveAlias(List<Source> scope, Source first) {
    if (first.item() instanceof Table t && t.getSchemaName() == null && t.getAlias() == null) {
      for (int i = 1; i < scope.size(); i++) {
        Source s = scope.get(i);
        if (s.item().getAlias() != null && s.qualifier().equals(first.qualifier())) {
          scope.remove(0);
          return s;
        }
      }
    }
    return first;
  }

  private static String limitText(Limit limit, boolean ordered) {
    if (limit == null) {
      return null;
    }
    return (ordered ? "ORDER BY ... " : "") + limit.toString().strip();
  }

  private static String lower(String name) {
    return PredicateReader.unquote(name).toLowerCase(Locale.ROOT);
  }

  /** The table's name folded as the dialect folds unquoted identifiers; quoted parts kept exactly. */
  ObjectName name(Table t) {
    List<String> parts = new ArrayList<>();
    if (t.getDatabase() != null && t.getDatabase().getDatabaseName() != null) {
      parts.add(fold(t.getDatabase().getDatabaseName()));
    }
    if (t.getSchemaName() != null) {
      parts.add(fold(t.getSchemaName()));
    }
    parts.add(fold(t.getName()));
    return new ObjectName(parts);
  }

  private String fold(String part) {
    if (PredicateReader.isQuoted(part)) {
      return PredicateReader.unquote(part);
    }
    return switch (dialect) {
      case POSTGRES -> part.toLowerCase(Locale.ROOT);
      case H2, ORACLE -> part.toUpperCase(Locale.ROOT);
      default -> part;
    };
  }
}
