package io.dropguard.core.analysis;

import java.math.BigDecimal;
import java.util.List;

/**
 * A WHERE condition reduced to what scope analysis needs, independent of the parser that read it. Columns are
 * already resolved: a {@link Column} knows whether it belongs to the row being deleted or updated. Anything
 * that cannot be modelled becomes an {@link Opaque} node that keeps the inputs it mentions, so that nothing
 * which reads the target row is lost.
 */
sealed interface Predicate {
  /** Column of the target row ({@code target}) or of another table in the statement or an outer query. */
  record Column(String name, boolean target) implements Predicate {}

  /** A constant: {@link Boolean}, {@link BigDecimal}, {@link String}, or null for SQL NULL. */
  record Literal(Object value) implements Predicate {}

  /** A bind parameter; equal keys are the same parameter ({@code $1 = $1}), each {@code ?} has its own key. */
  record Param(String key) implements Predicate {}

  record And(List<Predicate> parts) implements Predicate {}

  record Or(List<Predicate> parts) implements Predicate {}

  record Not(Predicate operand) implements Predicate {}

  enum Op {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }
  }

  record Compare(Op op, Predicate left, Predicate right) implements Predicate {}

  record IsNull(Predicate operand, boolean negated) implements Predicate {}

  record In(Predicate operand, List<Predicate> values, boolean negated) implements Predicate {}

  /** LIKE, ILIKE, SIMILAR TO, REGEXP and the like. */
  record Match(Predicate operand, Predicate pattern, boolean negated) implements Predicate {}

  /** Arithmetic: {@code + - * /} on two operands. */
  record Arith(char op, Predicate left, Predicate right) implements Predicate {}

  record Negate(Predicate operand) implements Predicate {}

  /**
   * Something not modelled (a function, CASE, a subquery...). {@code inputs} are the columns and parameters it
   * mentions; a subquery that mentions no column of the target row is uncorrelated.
   *
   * @param text how it reads, for messages
   * @param subquery whether it is (or contains) a subquery
   */
  record Opaque(String text, List<Predicate> inputs, boolean subquery) implements Predicate {}

  /** The direct operands of {@code p}. */
  static List<Predicate> children(Predicate p) {
    if (p instanceof And a) {
      return a.parts();
    } else if (p instanceof Or o) {
      return o.parts();
    } else if (p instanceof Not n) {
      return List.of(n.operand());
    } else if (p instanceof Compare c) {
      return List.of(c.left(), c.right());
    } else if (p instanceof IsNull i) {
      return List.of(i.operand());
    } else if (p instanceof In i) {
      List<Predicate> all = new java.util.ArrayList<>(i.values().size() + 1);
      all.add(i.operand());
      all.addAll(i.values());
      return all;
    } else if (p instanceof Match m) {
      return List.of(m.operand(), m.pattern());
    } else if (p instanceof Arith a) {
      return List.of(a.left(), a.right());
    } else if (p instanceof Negate n) {
      return List.of(n.operand());
    } else if (p instanceof Opaque o) {
      return o.inputs();
    }
    return List.of();
  }

  /** Whether any column of the target row occurs anywhere in {@code p}. */
  static boolean readsTarget(Predicate p) {
    if (p instanceof Column c) {
      return c.target();
    }
    for (Predicate child : children(p)) {
      if (readsTarget(child)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a column of another table occurs anywhere in {@code p}. */
  static boolean readsOther(Predicate p) {
    if (p instanceof Column c) {
      return !c.target();
    }
    for (Predicate child : children(p)) {
      if (readsOther(child)) {
        return true;
      }
    }
    return false;
  }
}
