package io.dropguard.core.analysis;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * Is this DELETE/UPDATE scoped, that is, does its condition restrict the target's rows by their own values?
 *
 * <p>Most conditions are decided here, structurally, in microseconds: a conjunct that compares a column of the
 * target with something that does not read the row ({@code id = ?}, {@code a = 1 AND 1 = 1}) scopes the
 * statement whatever else the AND holds; a condition that reads no column of the target is unscoped unless it
 * is provably false. What remains (OR, NOT, self-comparisons inside larger conditions) goes to Calcite's
 * simplifier in {@link RexScopeCheck}, loaded only then.
 */
final class ScopeCheck {
  /** The decision, with the sentence a person reads when it is unscoped. */
  record Verdict(boolean scoped, String reason) {
    static Verdict scoped(String why) {
      return new Verdict(true, why);
    }

    static Verdict unscoped(String why) {
      return new Verdict(false, why);
    }
  }

  private static final int MAX_TEXT = 120;

  private ScopeCheck() {}

  static Verdict check(DmlPart part, Dialect dialect) {
    String t = part.target().toString();
    if (part.positioned()) {
      return Verdict.scoped("WHERE CURRENT OF a cursor changes exactly one row");
    }
    if (part.where() == null) {
      if (part.form() == DmlPart.Form.MERGE_DELETE) {
        return Verdict.unscoped(
            "MERGE ... WHEN MATCHED THEN DELETE has no AND condition on "
                + t
                + ": it deletes every row of "
                + t
                + " that the ON condition pairs with a source row, and the source decides how many that is");
      }
      String verb = part.form() == DmlPart.Form.DELETE ? "deleted" : "updated";
      String base = "no WHERE clause, so every row of " + t + " is " + verb;
      if (part.limit() != null) {
        base += " up to " + part.limit() + " (a limit caps how many rows, it does not choose which)";
      } else if (part.form() == DmlPart.Form.MERGE_UPDATE) {
        base = "the MERGE has no condition that restricts rows of " + t;
      }
      return Verdict.unscoped(base);
    }
    String where = label(part);
    Verdict v = decide(part.where(), part, dialect, where, t);
    if (!v.scoped() && part.limit() != null) {
      return Verdict.unscoped(v.reason() + "; " + part.limit() + " caps how many rows, it does not choose which");
    }
    return v;
  }

  private static String label(DmlPart part) {
    String text = part.whereText() == null ? "" : part.whereText();
    if (text.length() > MAX_TEXT) {
      text = text.substring(0, MAX_TEXT) + "...";
    }
    return part.form() == DmlPart.Form.MERGE_DELETE ? "the MERGE's WHEN MATCHED AND " + text : "WHERE " + text;
  }

  private static Verdict decide(Predicate where, DmlPart part, Dialect dialect, String label, String t) {
    List<Predicate> conjuncts = where instanceof Predicate.And a ? a.parts() : List.of(where);
    for (Predicate c : conjuncts) {
      if (clearRestriction(c)) {
        return Verdict.scoped(label + " restricts rows of " + t + " by their own values");
      }
    }
    if (!Predicate.readsTarget(where)) {
      Object value = constant(where, dialect);
      Boolean truth = truth(value, dialect);
      if (Boolean.FALSE.equals(truth)) {
        return Verdict.scoped(label + " is always false: nothing is changed");
      }
      if (Boolean.TRUE.equals(truth)) {
        return Verdict.unscoped(label + " is always true");
      }
      return Verdict.unscoped(independent(where, part, label, t));
    }
    Predicate free = freeDisjunct(where, dialect);
    if (free != null) {
      return Verdict.unscoped(
          label
              + " holds for every row of "
              + t
              + " whenever "
              + describe(free)
              + " is true, and that part does not read the row");
    }
    if (where instanceof Predicate.Compare c && selfComparison(c)) {
      return Verdict.unscoped(
          label + " compares a value with itself: it is true for every row of " + t + " where that value is not null");
    }
    RexScopeCheck.Outcome outcome = RexScopeCheck.check(where);
    return switch (outcome) {
      case ALWAYS_TRUE -> Verdict.unscoped(label + " is always true");
      case TRUE_IF_NOT_NULL ->
          Verdict.unscoped(
              label + " is true for every row of " + t + " whose columns it reads are not null (a tautology)");
      case ALWAYS_FALSE -> Verdict.scoped(label + " is always false: nothing is changed");
      case INDEPENDENT -> Verdict.unscoped(independent(where, part, label, t));
      case RESTRICTS -> Verdict.scoped(label + " restricts rows of " + t + " by their own values");
      case FAILED ->
          Verdict.unscoped(
              label + " could not be shown to restrict rows of " + t + " (DropGuard could not analyse it)");
    };
  }

  /**
   * A part of the condition that does not read the row and, when true, makes the whole condition true for every
   * row ({@code ? IS NULL OR id = ?}, {@code t.id = u.id OR u.flag}); null when there is none. Parameters and
   * other tables' values are chosen by someone else, so such a part is taken as possibly true.
   */
  static Predicate freeDisjunct(Predicate p, Dialect dialect) {
    if (!Predicate.readsTarget(p)) {
      return Boolean.FALSE.equals(truth(constant(p, dialect), dialect)) ? null : p;
    }
    if (p instanceof Predicate.Or o) {
      for (Predicate part : o.parts()) {
        Predicate free = freeDisjunct(part, dialect);
        if (free != null) {
          return free;
        }
      }
      return null;
    }
    if (p instanceof Predicate.And a) {
      Predicate first = null;
      for (Predicate part : a.parts()) {
        Predicate free = freeDisjunct(part, dialect);
        if (free == null) {
          return null;
        }
        first = first == null ? free : first;
      }
      return first;
    }
    return null;
  }

  private static String describe(Predicate p) {
    String text = p instanceof Predicate.Opaque o ? o.text() : render(p);
    return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "..." : text;
  }

  /** A readable rendering of a predicate (for messages only). */
  static String render(Predicate p) {
    if (p instanceof Predicate.Column c) {
      return c.name();
    }
    if (p instanceof Predicate.Literal l) {
      return l.value() == null ? "NULL" : l.value() instanceof String s ? "'" + s + "'" : l.value().toString();
    }
    if (p instanceof Predicate.Param q) {
      return q.key().startsWith("?#") ? "?" : q.key();
    }
    if (p instanceof Predicate.And a) {
      return String.join(" AND ", a.parts().stream().map(ScopeCheck::render).toList());
    }
    if (p instanceof Predicate.Or o) {
      return "(" + String.join(" OR ", o.parts().stream().map(ScopeCheck::render).toList()) + ")";
    }
    if (p instanceof Predicate.Not n) {
      return "NOT " + render(n.operand());
    }
    if (p instanceof Predicate.Compare c) {
      return render(c.left()) + " " + c.op().symbol + " " + render(c.right());
    }
    if (p instanceof Predicate.IsNull i) {
      return render(i.operand()) + (i.negated() ? " IS NOT NULL" : " IS NULL");
    }
    if (p instanceof Predicate.In i) {
      return render(i.operand()) + (i.negated() ? " NOT IN (" : " IN (")
          + String.join(", ", i.values().stream().map(ScopeCheck::render).toList()) + ")";
    }
    if (p instanceof Predicate.Match m) {
      return render(m.operand()) + (m.negated() ? " NOT LIKE " : " LIKE ") + render(m.pattern());
    }
    if (p instanceof Predicate.Arith a) {
      return render(a.left()) + " " + a.op() + " " + render(a.right());
    }
    if (p instanceof Predicate.Negate n) {
      return "-" + render(n.operand());
    }
    return ((Predicate.Opaque) p).text();
  }

  private static String independent(Predicate where, DmlPart part, String label, String t) {
    if (Predicate.readsOther(where) && !part.others().isEmpty()) {
      return "the WHERE only tests "
          + (part.others().size() == 1 ? "the joined table " : "the joined tables ")
          + String.join(", ", part.others())
          + ", not rows of "
          + t
          + " ("
          + label
          + ")";
    }
    if (containsSubquery(where)) {
      return label + " does not depend on the rows of " + t + ": its subquery does not refer to " + t;
    }
    if (containsParam(where)) {
      return label + " compares only parameters and constants, never a column of " + t;
    }
    return label + " does not depend on the rows of " + t;
  }

  /**
   * A conjunct that alone restricts the target by its own values: a bare target column compared with, tested
   * against, or matched to something that does not read the row; a bare boolean column; its negation.
   */
  static boolean clearRestriction(Predicate p) {
    if (p instanceof Predicate.Column c) {
      return c.target();
    }
    if (p instanceof Predicate.Or o) {
      // a = 1 OR b = ?: each disjunct restricts its own column, and with no column tested twice no pair can
      // cover every value (b = true OR b = false can), so the OR restricts rows too; Calcite is not needed
      java.util.Set<Predicate> seen = new java.util.HashSet<>();
      for (Predicate part : o.parts()) {
        Predicate column = atomColumn(part);
        if (column == null || !seen.add(column) || !clearRestriction(part)) {
          return false;
        }
      }
      return true;
    }
    if (p instanceof Predicate.Not n) {
      return clearRestriction(n.operand());
    }
    if (p instanceof Predicate.Compare c) {
      return (targetColumn(c.left()) && rowFree(c.right())) || (targetColumn(c.right()) && rowFree(c.left()));
    }
    if (p instanceof Predicate.IsNull i) {
      return targetColumn(i.operand());
    }
    if (p instanceof Predicate.In i) {
      return targetColumn(i.operand()) && i.values().stream().allMatch(ScopeCheck::rowFree);
    }
    if (p instanceof Predicate.Match m) {
      // x LIKE '%' holds for every non-null x, so only a pattern that tests something counts
      if (!targetColumn(m.operand()) || !rowFree(m.pattern())) {
        return false;
      }
      if (m.pattern() instanceof Predicate.Literal l && l.value() instanceof String s) {
        return !s.chars().allMatch(ch -> ch == '%');
      }
      return m.pattern() instanceof Predicate.Param;
    }
    return false;
  }

  /** The target column a clear atom tests, or null when {@code p} is not such an atom. */
  private static Predicate atomColumn(Predicate p) {
    if (p instanceof Predicate.Not n) {
      return atomColumn(n.operand());
    }
    if (p instanceof Predicate.Column c) {
      return c.target() ? c : null;
    }
    if (p instanceof Predicate.Compare c) {
      return targetColumn(c.left()) ? c.left() : targetColumn(c.right()) ? c.right() : null;
    }
    if (p instanceof Predicate.IsNull i) {
      return targetColumn(i.operand()) ? i.operand() : null;
    }
    if (p instanceof Predicate.In i) {
      return targetColumn(i.operand()) ? i.operand() : null;
    }
    if (p instanceof Predicate.Match m) {
      return targetColumn(m.operand()) ? m.operand() : null;
    }
    return null;
  }

  private static boolean targetColumn(Predicate p) {
    return p instanceof Predicate.Column c && c.target();
  }

  private static boolean rowFree(Predicate p) {
    return !Predicate.readsTarget(p);
  }

  private static boolean selfComparison(Predicate.Compare c) {
    return (c.op() == Predicate.Op.EQ || c.op() == Predicate.Op.LE || c.op() == Predicate.Op.GE)
        && Predicate.readsTarget(c.left())
        && deterministic(c.left())
        && c.left().equals(c.right());
  }

  private static boolean deterministic(Predicate p) {
    if (p instanceof Predicate.Param) {
      return false;
    }
    if (p instanceof Predicate.Opaque o && (o.subquery() || volatileText(o.text()))) {
      return false;
    }
    for (Predicate child : Predicate.children(p)) {
      if (!deterministic(child)) {
        return false;
      }
    }
    return true;
  }

  private static final java.util.regex.Pattern VOLATILE =
      java.util.regex.Pattern.compile(
          "(?i)\\b(random|rand|newid|uuid|gen_random_uuid|sys_guid|nextval|setval|clock_timestamp|"
              + "timeofday|statement_timestamp|uuid_short|sysdate|dbms_random)\\b");

  /** Whether an opaque expression may differ between two evaluations on the same row. */
  static boolean volatileText(String text) {
    return VOLATILE.matcher(text).find();
  }

  private static boolean containsSubquery(Predicate p) {
    if (p instanceof Predicate.Opaque o && o.subquery()) {
      return true;
    }
    for (Predicate child : Predicate.children(p)) {
      if (containsSubquery(child)) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsParam(Predicate p) {
    if (p instanceof Predicate.Param) {
      return true;
    }
    for (Predicate child : Predicate.children(p)) {
      if (containsParam(child)) {
        return true;
      }
    }
    return false;
  }

  // ---- constant folding of conditions that read no row -------------------------------------------------

  /** Marks a value that cannot be known without running the statement. */
  private static final Object UNKNOWN = new Object();

  /** Marks SQL NULL. */
  private static final Object NULL = new Object();

  /** The value of a row-independent expression: Boolean, BigDecimal, String, {@link #NULL} or {@link #UNKNOWN}. */
  static Object constant(Predicate p, Dialect dialect) {
    if (p instanceof Predicate.Literal l) {
      return l.value() == null ? NULL : l.value();
    }
    if (p instanceof Predicate.And a) {
      boolean allTrue = true;
      for (Predicate part : a.parts()) {
        Boolean b = truth(constant(part, dialect), dialect);
        if (Boolean.FALSE.equals(b)) {
          return Boolean.FALSE;
        }
        allTrue &= Boolean.TRUE.equals(b);
      }
      return allTrue ? Boolean.TRUE : UNKNOWN;
    }
    if (p instanceof Predicate.Or o) {
      boolean allFalse = true;
      for (Predicate part : o.parts()) {
        Object v = constant(part, dialect);
        Boolean b = truth(v, dialect);
        if (Boolean.TRUE.equals(b)) {
          return Boolean.TRUE;
        }
        allFalse &= Boolean.FALSE.equals(b) && v != NULL;
      }
      return allFalse ? Boolean.FALSE : UNKNOWN;
    }
    if (p instanceof Predicate.Not n) {
      Object v = constant(n.operand(), dialect);
      if (v == NULL) {
        return NULL;
      }
      Boolean b = truth(v, dialect);
      return b == null ? UNKNOWN : Boolean.valueOf(!b);
    }
    if (p instanceof Predicate.IsNull i) {
      Object v = constant(i.operand(), dialect);
      if (v == UNKNOWN) {
        return UNKNOWN;
      }
      return (v == NULL) != i.negated();
    }
    if (p instanceof Predicate.Compare c) {
      return compare(c.op(), constant(c.left(), dialect), constant(c.right(), dialect), dialect);
    }
    if (p instanceof Predicate.In in) {
      Object x = constant(in.operand(), dialect);
      boolean allFalse = true;
      for (Predicate v : in.values()) {
        Object r = compare(Predicate.Op.EQ, x, constant(v, dialect), dialect);
        if (Boolean.TRUE.equals(r)) {
          return !in.negated();
        }
        allFalse &= Boolean.FALSE.equals(r);
      }
      return allFalse ? Boolean.valueOf(in.negated()) : UNKNOWN;
    }
    if (p instanceof Predicate.Negate n) {
      Object v = constant(n.operand(), dialect);
      return v instanceof BigDecimal d ? d.negate() : v == NULL ? NULL : UNKNOWN;
    }
    if (p instanceof Predicate.Arith a) {
      Object l = constant(a.left(), dialect);
      Object r = constant(a.right(), dialect);
      if (l == NULL || r == NULL) {
        return NULL;
      }
      if (l instanceof BigDecimal x && r instanceof BigDecimal y) {
        try {
          return switch (a.op()) {
            case '+' -> x.add(y);
            case '-' -> x.subtract(y);
            case '*' -> x.multiply(y);
            default -> y.signum() == 0 ? NULL : x.divide(y, MathContext.DECIMAL64);
          };
        } catch (ArithmeticException e) {
          return UNKNOWN;
        }
      }
      return UNKNOWN;
    }
    return UNKNOWN;
  }

  private static Object compare(Predicate.Op op, Object l, Object r, Dialect dialect) {
    if (l == UNKNOWN || r == UNKNOWN) {
      return UNKNOWN;
    }
    if (l == NULL || r == NULL) {
      return NULL;
    }
    int cmp;
    if (l instanceof BigDecimal x && r instanceof BigDecimal y) {
      cmp = x.compareTo(y);
    } else if (l instanceof Boolean x && r instanceof Boolean y) {
      cmp = Boolean.compare(x, y);
    } else if (l instanceof String x && r instanceof String y) {
      if (x.equals(y)) {
        cmp = 0;
      } else if (op == Predicate.Op.EQ || op == Predicate.Op.NE) {
        // MySQL compares case- and trailing-space-insensitively by default: only a clear difference counts
        if (x.strip().toLowerCase(Locale.ROOT).equals(y.strip().toLowerCase(Locale.ROOT))) {
          return UNKNOWN;
        }
        cmp = 1;
      } else {
        return UNKNOWN;
      }
    } else {
      return UNKNOWN;
    }
    return switch (op) {
      case EQ -> cmp == 0;
      case NE -> cmp != 0;
      case LT -> cmp < 0;
      case LE -> cmp <= 0;
      case GT -> cmp > 0;
      case GE -> cmp >= 0;
    };
  }

  /**
   * A constant's truth as a WHERE condition: NULL is not true; a number is true when non-zero (MySQL and H2
   * accept {@code WHERE 1}); a string is true in MySQL when its numeric prefix is non-zero ({@code '1abc'}),
   * otherwise unknown (never false).
   */
  static Boolean truth(Object v, Dialect dialect) {
    if (v instanceof Boolean b) {
      return b;
    }
    if (v == NULL) {
      return Boolean.FALSE;
    }
    if (v instanceof BigDecimal d) {
      return d.signum() != 0;
    }
    if (v instanceof String s && dialect == Dialect.MYSQL) {
      // '1abc' is true in MySQL. 'abc' reads as 0, but only with a warning, and other engines differ: a string
      // is never taken as proof that nothing is deleted.
      BigDecimal prefix = mysqlNumericPrefix(s);
      return prefix != null && prefix.signum() != 0 ? Boolean.TRUE : null;
    }
    return null;
  }

  private static final java.util.regex.Pattern MYSQL_NUMBER =
      java.util.regex.Pattern.compile("^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  /** MySQL's reading of a string as a number: leading spaces, then the longest numeric prefix (0 if none). */
  static BigDecimal mysqlNumericPrefix(String s) {
    java.util.regex.Matcher m = MYSQL_NUMBER.matcher(s.stripLeading());
    if (!m.find()) {
      return BigDecimal.ZERO;
    }
    try {
      return new BigDecimal(m.group());
    } catch (NumberFormatException | ArithmeticException e) {
      return null; // unreadable: the caller treats null as "could be true"
    }
  }
}
