package io.dropguard.core.analysis;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.NumericBind;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.CosineSimilarity;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsDistinctExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperator;
import net.sf.jsqlparser.expression.operators.relational.SimilarToExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Turns a JSqlParser condition into a {@link Predicate}, resolving every column to the target row or to
 * another table. Inside a subquery an unqualified column belongs to the subquery (so a subquery counts as
 * correlated only when it names the target by its table name or alias): when in doubt the subquery is taken
 * as independent of the row, which fails closed.
 */
final class PredicateReader {
  /**
   * Who is who in one DELETE/UPDATE.
   *
   * @param target the target's qualifiers (alias, table name), lower case
   * @param others the other tables' qualifiers (USING, FROM, joins, MERGE source), lower case
   * @param unqualifiedIsTarget whether a bare column name belongs to the target (true when no other table is
   *     in scope; when others are, a bare name could be theirs, and taking it as theirs fails closed)
   */
  record Names(
      Set<String> target,
      Set<String> others,
      boolean unqualifiedIsTarget,
      Set<String> targetColumns,
      Set<String> otherColumns) {
    Names(Set<String> target, Set<String> others, boolean unqualifiedIsTarget) {
      this(target, others, unqualifiedIsTarget, Set.of(), null);
    }

    /**
     * Whose is a bare column name? A statement that runs has no ambiguous names, so a name known to be the
     * target's (it is SET) is the target's, and when every other source's columns are known (CTEs, VALUES
     * lists, subqueries), a name none of them has is the target's too.
     */
    boolean bareIsTarget(String name) {
      if (unqualifiedIsTarget || targetColumns.contains(name)) {
        return true;
      }
      return otherColumns != null && !otherColumns.contains(name);
    }
  }

  /** Niladic SQL functions that JSqlParser reads as bare column names. */
  private static final Set<String> NILADIC =
      Set.of(
          "current_user", "session_user", "user", "current_role", "current_date", "current_time",
          "current_timestamp", "localtime", "localtimestamp", "current_schema", "current_catalog", "sysdate",
          "systimestamp", "system_user", "current_path", "rownum");

  private final Names names;
  private int anonymousParams;

  PredicateReader(Names names) {
    this.names = names;
  }

  Predicate read(Expression e) {
    if (e == null) {
      return null;
    }
    if (e instanceof ParenthesedExpressionList<?> l && l.size() == 1) {
      return read(l.get(0));
    }
    if (e instanceof AndExpression a) {
      List<Predicate> parts = new ArrayList<>();
      flatten(read(a.getLeftExpression()), parts, true);
      flatten(read(a.getRightExpression()), parts, true);
      return new Predicate.And(parts);
    }
    if (e instanceof OrExpression o) {
      List<Predicate> parts = new ArrayList<>();
      flatten(read(o.getLeftExpression()), parts, false);
      flatten(read(o.getRightExpression()), parts, false);
      return new Predicate.Or(parts);
    }
    if (e instanceof NotExpression n) {
      return new Predicate.Not(read(n.getExpression()));
    }
    if (e instanceof EqualsTo c) {
      return compare(Predicate.Op.EQ, c.getLeftExpression(), c.getRightExpression());
    }
    if (e instanceof NotEqualsTo c) {
      return compare(Predicate.Op.NE, c.getLeftExpression(), c.getRightExpression());
    }
    if (e instanceof CosineSimilarity c) {
      // MySQL's null-safe equality <=>, which JSqlParser reads as pgvector's operator (not a boolean there):
      // read as IS NOT DISTINCT FROM, so that id <=> id is the tautology it is
      IsDistinctExpression same = new IsDistinctExpression();
      same.setNot(true);
      same.setLeftExpression(c.getLeftExpression());
      same.setRightExpression(c.getRightExpression());
      return read(same);
    }
    if (e instanceof GreaterThan c) {
      return compare(Predicate.Op.GT, c.getLeftExpression(), c.getRightExpression());
    }
    if (e instanceof GreaterThanEquals c) {
      return compare(Predicate.Op.GE, c.getLeftExpression(), c.getRightExpression());
    }
    if (e instanceof MinorThan c) {
      return compare(Predicate.Op.LT, c.getLeftExpression(), c.getRightExpression());
    }
    if (e instanceof MinorThanEquals c) {
      return compare(Predicate.Op.LE, c.getLeftExpression(), c.getRightExpression());
    }
    if (e instanceof IsBooleanExpression b) {
      // x IS TRUE is (x IS NOT NULL AND x), which is never null; IS NOT TRUE is its negation
      Predicate x = read(b.getLeftExpression());
      Predicate value = b.isTrue() ? x : new Predicate.Not(x);
      Predicate is = new Predicate.And(List.of(new Predicate.IsNull(x, true), value));
      return b.isNot() ? new Predicate.Not(is) : is;
    }
    if (e instanceof IsDistinctExpression d
        && (d.getLeftExpression() instanceof NullValue || d.getRightExpression() instanceof NullValue)) {
      // against NULL it is IS [NOT] NULL, which the model below leaves too complex to see
      // x IS DISTINCT FROM NULL OR x IS NULL as the tautology it is
      Expression other = d.getRightExpression() instanceof NullValue ? d.getLeftExpression() : d.getRightExpression();
      return new Predicate.IsNull(read(other), !d.isNot());
    }
    if (e instanceof IsDistinctExpression d) {
      // a IS NOT DISTINCT FROM b: equal, or both null
      Predicate l = read(d.getLeftExpression());
      Predicate r = read(d.getRightExpression());
      Predicate same =
          new Predicate.Or(
              List.of(
                  new Predicate.Compare(Predicate.Op.EQ, l, r),
                  new Predicate.And(List.of(new Predicate.IsNull(l, false), new Predicate.IsNull(r, false)))));
      return d.isNot() ? same : new Predicate.Not(same);
    }
    if (e instanceof IsNullExpression i) {
      return new Predicate.IsNull(read(i.getLeftExpression()), i.isNot());
    }
    if (e instanceof InExpression i) {
      Expression right = i.getRightExpression();
      if (right instanceof AndExpression || right instanceof OrExpression || right instanceof XorExpression) {
        // JSqlParser 5.3 reads "a IN (1, 2) OR true" as "a IN ((1, 2) OR true)": the list swallows what follows.
        // The leftmost operand of that tail is the real list; put the IN back around it and read the rest as
        // the conditions they are.
        return read(reattach(i, right));
      }
      if (!(right instanceof ExpressionList<?>) && !(right instanceof Select)) {
        // some other misreading: a condition we cannot trust, which must not count as a restriction
        return new Predicate.Opaque(e.toString(), List.of(), false);
      }
      List<Predicate> values = new ArrayList<>();
      if (right instanceof ExpressionList<?> list && !(right instanceof Select)) {
        for (Expression v : list) {
          values.add(read(v));
        }
      } else {
        values.add(opaque(right));
      }
      return new Predicate.In(read(i.getLeftExpression()), values, i.isNot());
    }
    if (e instanceof Between b) {
      Predicate x = read(b.getLeftExpression());
      Predicate lo = read(b.getBetweenExpressionStart());
      Predicate hi = read(b.getBetweenExpressionEnd());
      Predicate within =
          new Predicate.And(
              List.of(new Predicate.Compare(Predicate.Op.GE, x, lo), new Predicate.Compare(Predicate.Op.LE, x, hi)));
      return b.isNot() ? new Predicate.Not(within) : within;
    }
    if (e instanceof LikeExpression l) {
      return new Predicate.Match(read(l.getLeftExpression()), read(l.getRightExpression()), l.isNot());
    }
    if (e instanceof SimilarToExpression s) {
      return new Predicate.Match(read(s.getLeftExpression()), read(s.getRightExpression()), s.isNot());
    }
    if (e instanceof RegExpMatchOperator r) {
      return new Predicate.Match(read(r.getLeftExpression()), read(r.getRightExpression()), false);
    }
    if (e instanceof LongValue v) {
      return new Predicate.Literal(new BigDecimal(v.getStringValue()));
    }
    if (e instanceof DoubleValue v) {
      try {
        return new Predicate.Literal(new BigDecimal(v.toString()));
      } catch (NumberFormatException ex) {
        return opaque(e);
      }
    }
    if (e instanceof StringValue s && (s.getPrefix() == null || s.getPrefix().isEmpty())) {
      return new Predicate.Literal(s.getValue().replace("''", "'"));
    }
    if (e instanceof NullValue) {
      return new Predicate.Literal(null);
    }
    if (e instanceof BooleanValue b) {
      return new Predicate.Literal(b.getValue());
    }
    if (e instanceof JdbcParameter p) {
      return new Predicate.Param(
          p.isUseFixedIndex() && p.getIndex() != null ? "?" + p.getIndex() : "?#" + (++anonymousParams));
    }
    if (e instanceof JdbcNamedParameter p) {
      return new Predicate.Param(":" + p.getName());
    }
    if (e instanceof NumericBind b) {
      return new Predicate.Param("$" + b.getBindId());
    }
    if (e instanceof SignedExpression s) {
      Predicate inner = read(s.getExpression());
      return switch (s.getSign()) {
        case '-' -> new Predicate.Negate(inner);
        case '+' -> inner;
        default -> opaque(e);
      };
    }
    if (e instanceof Addition a) {
      return new Predicate.Arith('+', read(a.getLeftExpression()), read(a.getRightExpression()));
    }
    if (e instanceof Subtraction a) {
      return new Predicate.Arith('-', read(a.getLeftExpression()), read(a.getRightExpression()));
    }
    if (e instanceof Multiplication a) {
      return new Predicate.Arith('*', read(a.getLeftExpression()), read(a.getRightExpression()));
    }
    if (e instanceof Division a) {
      return new Predicate.Arith('/', read(a.getLeftExpression()), read(a.getRightExpression()));
    }
    if (e instanceof Column c) {
      return column(c, List.of());
    }
    return opaque(e);
  }

  private static Expression reattach(InExpression in, Expression tail) {
    if (tail instanceof AndExpression a) {
      return new AndExpression(reattach(in, a.getLeftExpression()), a.getRightExpression());
    }
    if (tail instanceof OrExpression o) {
      return new OrExpression(reattach(in, o.getLeftExpression()), o.getRightExpression());
    }
    if (tail instanceof XorExpression x) {
      return new XorExpression(reattach(in, x.getLeftExpression()), x.getRightExpression());
    }
    InExpression fixed = new InExpression(in.getLeftExpression(), tail);
    fixed.setNot(in.isNot());
    return fixed;
  }

  private Predicate compare(Predicate.Op op, Expression l, Expression r) {
    return new Predicate.Compare(op, read(l), read(r));
  }

  private static void flatten(Predicate p, List<Predicate> into, boolean and) {
    if (and && p instanceof Predicate.And a) {
      into.addAll(a.parts());
    } else if (!and && p instanceof Predicate.Or o) {
      into.addAll(o.parts());
    } else {
      into.add(p);
    }
  }

  /** A column of the statement's own scope (not inside a subquery). */
  private Predicate column(Column c, List<Set<String>> shadows) {
    String name = c.getColumnName();
    Table t = c.getTable();
    String qualifier = t == null || t.getName() == null ? null : unquote(t.getName()).toLowerCase(Locale.ROOT);
    if (qualifier == null && shadows.isEmpty() && !isQuoted(name)) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("true") || lower.equals("false")) {
        return new Predicate.Literal(lower.equals("true"));
      }
    }
    String key = unquote(name).toLowerCase(Locale.ROOT);
    if (qualifier == null) {
      if (!isQuoted(name) && NILADIC.contains(key)) {
        return new Predicate.Opaque(name, List.of(), false);
      }
      return new Predicate.Column(key, names.bareIsTarget(key));
    }
    boolean target = names.target().contains(qualifier) && !names.others().contains(qualifier);
    return new Predicate.Column(target ? key : qualifier + "." + key, target);
  }

  /** Anything not modelled: keeps the target and outer columns and the parameters it mentions. */
  private Predicate opaque(Expression e) {
    Collector collector = new Collector();
    try {
      e.accept(collector, null);
    } catch (RuntimeException ex) {
      // A construct the visitor cannot walk: keep it as if it read the whole row and the outer tables,
      // and let the checks treat it as unknown rather than as constant.
      collector.found.put("*", new Predicate.Column("*", true));
    }
    String text = e.toString();
    return new Predicate.Opaque(text, List.copyOf(collector.found.values()), collector.subquery);
  }

  static String unquote(String s) {
    if (s.length() >= 2) {
      char a = s.charAt(0);
      char b = s.charAt(s.length() - 1);
      if ((a == '"' && b == '"') || (a == '`' && b == '`') || (a == '[' && b == ']')) {
        return s.substring(1, s.length() - 1);
      }
    }
    return s;
  }

  static boolean isQuoted(String s) {
    return !s.isEmpty() && (s.charAt(0) == '"' || s.charAt(0) == '`' || s.charAt(0) == '[');
  }

  /** Walks an expression and every subquery in it, collecting outer columns and parameters. */
  private final class Collector extends ExpressionVisitorAdapter<Void> {
    final Map<String, Predicate> found = new LinkedHashMap<>();
    final Deque<Set<String>> shadows = new ArrayDeque<>();
    boolean subquery;

    @Override
    public <S> Void visit(Column c, S context) {
      if (shadows.isEmpty()) {
        Predicate p = column(c, List.of());
        if (p instanceof Predicate.Column col) {
          found.putIfAbsent(col.name() + "/" + col.target(), col);
        }
        return null;
      }
      Table t = c.getTable();
      if (t == null || t.getName() == null) {
        return null; // a bare name inside a subquery is the subquery's own column
      }
      String qualifier = unquote(t.getName()).toLowerCase(Locale.ROOT);
      for (Set<String> s : shadows) {
        if (s.contains(qualifier)) {
          return null;
        }
      }
      Predicate p = column(c, List.of());
      if (p instanceof Predicate.Column col) {
        found.putIfAbsent(col.name() + "/" + col.target(), col);
      }
      return null;
    }

    @Override
    public <S> Void visit(net.sf.jsqlparser.expression.Function f, S context) {
      super.visit(f, context);
      // substring(x FROM 2) keeps its operands as named parameters, which the adapter does not walk
      if (f.getNamedParameters() != null) {
        for (Object e : f.getNamedParameters()) {
          if (e instanceof Expression ex) {
            ex.accept(this, context);
          }
        }
      }
      return null;
    }

    @Override
    public <S> Void visit(AllTableColumns all, S context) {
      Table t = all.getTable();
      if (t != null && t.getName() != null) {
        Column whole = new Column(t, "*");
        visit(whole, context);
      }
      return null;
    }

    @Override
    public <S> Void visit(JdbcParameter p, S context) {
      found.put("?#" + found.size(), new Predicate.Param("?#opaque" + (++anonymousParams)));
      return null;
    }

    @Override
    public <S> Void visit(ParenthesedSelect s, S context) {
      select(s);
      return null;
    }

    @Override
    public <S> Void visit(Select s, S context) {
      select(s);
      return null;
    }

    private void select(Select s) {
      subquery = true;
      if (s == null) {
        return;
      }
      if (s.getWithItemsList() != null) {
        for (WithItem<?> w : s.getWithItemsList()) {
          if (w.getParenthesedStatement() instanceof Select inner) {
            select(inner);
          }
        }
      }
      if (s instanceof ParenthesedSelect p) {
        select(p.getSelect());
      } else if (s instanceof SetOperationList set) {
        for (Select part : set.getSelects()) {
          select(part);
        }
      } else if (s instanceof PlainSelect ps) {
        Set<String> declared = new HashSet<>();
        declare(ps.getFromItem(), declared);
        if (ps.getJoins() != null) {
          for (Join j : ps.getJoins()) {
            declare(j.getFromItem(), declared);
          }
        }
        shadows.push(declared);
        try {
          if (ps.getSelectItems() != null) {
            for (SelectItem<?> item : ps.getSelectItems()) {
              if (item.getExpression() != null) {
                item.getExpression().accept(this, null);
              }
            }
          }
          walkFrom(ps.getFromItem());
          if (ps.getJoins() != null) {
            for (Join j : ps.getJoins()) {
              walkFrom(j.getFromItem());
              if (j.getOnExpressions() != null) {
                for (Expression on : j.getOnExpressions()) {
                  on.accept(this, null);
                }
              }
            }
          }
          if (ps.getWhere() != null) {
            ps.getWhere().accept(this, null);
          }
          if (ps.getHaving() != null) {
            ps.getHaving().accept(this, null);
          }
        } finally {
          shadows.pop();
        }
      }
    }

    private void walkFrom(FromItem item) {
      if (item instanceof Select sub) {
        select(sub);
      } else if (item instanceof ParenthesedFromItem pf) {
        walkFrom(pf.getFromItem());
        if (pf.getJoins() != null) {
          for (Join j : pf.getJoins()) {
            walkFrom(j.getFromItem());
          }
        }
      }
    }

    private void declare(FromItem item, Set<String> declared) {
      if (item == null) {
        return;
      }
      // An alias hides the table's own name, as in PostgreSQL: FROM t t2 declares t2 only.
      if (item.getAlias() != null && item.getAlias().getName() != null) {
        declared.add(unquote(item.getAlias().getName()).toLowerCase(Locale.ROOT));
      } else if (item instanceof Table t && t.getName() != null) {
        declared.add(unquote(t.getName()).toLowerCase(Locale.ROOT));
      } else if (item instanceof ParenthesedFromItem pf) {
        declare(pf.getFromItem(), declared);
        if (pf.getJoins() != null) {
          for (Join j : pf.getJoins()) {
            declare(j.getFromItem(), declared);
          }
        }
      }
    }
  }
}
