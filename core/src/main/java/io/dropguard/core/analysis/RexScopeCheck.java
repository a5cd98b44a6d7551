package io.dropguard.core.analysis;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexSimplify;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFactoryImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Predicate semantics through Calcite: the condition becomes a {@link RexNode} (target columns and other
 * tables' columns as input refs, parameters as dynamic parameters, everything unmodelled as an opaque
 * non-deterministic call over the inputs it mentions) and is simplified with unknown-as-false, as a WHERE
 * treats NULL.
 *
 * <p>Two passes. The first, with nullable columns, shows conditions that are always true ({@code x IS NULL OR
 * x IS NOT NULL}) or that, simplified, no longer read the row. The second takes the columns as NOT NULL while
 * keeping every explicit {@code IS [NOT] NULL} test opaque: a condition that is then always true holds for every
 * row except those with nulls ({@code id = id}, {@code x OR NOT x}, {@code a = 1 OR a <> 1}), which SPEC calls
 * unscoped; an explicit {@code deleted_at IS NOT NULL} stays a real restriction.
 *
 * <p>Loaded lazily: Calcite's classes take hundreds of milliseconds to load, and only conditions that the
 * structural check in {@link ScopeCheck} cannot decide come here. Thread-safe: per call state only.
 */
final class RexScopeCheck {
  enum Outcome {
    ALWAYS_TRUE,
    TRUE_IF_NOT_NULL,
    ALWAYS_FALSE,
    INDEPENDENT,
    RESTRICTS,
    FAILED
  }

  private static final System.Logger LOG = System.getLogger(RexScopeCheck.class.getName());

  private static final RelDataTypeFactory TYPES = new SqlTypeFactoryImpl(RelDataTypeSystem.DEFAULT);

  /** No constant reduction through generated code (Janino): our constants are folded before we get here. */
  private static final RexExecutor NO_EXECUTOR = (builder, constExps, reducedValues) -> reducedValues.addAll(constExps);

  private static final SqlFunction OPAQUE = opaqueFunction("DROPGUARD_OPAQUE", false);

  private static final SqlFunction IS_NULL_TEST = opaqueFunction("DROPGUARD_IS_NULL", true);

  private static final SqlFunction IS_NOT_NULL_TEST = opaqueFunction("DROPGUARD_IS_NOT_NULL", true);

  /**
   * An unmodelled expression as a function call. A deterministic one is named by its own text, so that
   * {@code coalesce(x, 0) = coalesce(x, 0)} folds while {@code lower(x)} and {@code upper(x)} stay apart.
   */
  private static SqlFunction opaqueFunction(String name, boolean deterministic) {
    return new SqlFunction(
        name,
        SqlKind.OTHER_FUNCTION,
        ReturnTypes.BOOLEAN_NULLABLE,
        null,
        null,
        SqlFunctionCategory.USER_DEFINED_FUNCTION) {
      @Override
      public boolean isDeterministic() {
        return deterministic;
      }
    };
  }

  private RexScopeCheck() {}

  static Outcome check(Predicate where) {
    try {
      Translation first = new Translation(false);
      RexNode simplified = first.simplify(where);
      if (simplified.isAlwaysTrue()) {
        return Outcome.ALWAYS_TRUE;
      }
      if (simplified.isAlwaysFalse()) {
        return Outcome.ALWAYS_FALSE;
      }
      if (!first.readsTarget(simplified)) {
        return Outcome.INDEPENDENT;
      }
      Translation second = new Translation(true);
      if (second.simplify(where).isAlwaysTrue()) {
        return Outcome.TRUE_IF_NOT_NULL;
      }
      return Outcome.RESTRICTS;
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      LOG.log(System.Logger.Level.DEBUG, "predicate simplification failed", e);
      return Outcome.FAILED;
    }
  }

  /** One translation of a condition; holds the column numbering and inferred types. */
  private static final class Translation {
    private final boolean columnsNotNull;
    private final RexBuilder rex = new RexBuilder(TYPES);
    private final Map<String, Integer> columns = new HashMap<>();
    private final Map<String, SqlTypeName> columnTypes = new HashMap<>();
    private final BitSet targetColumns = new BitSet();
    private final Map<String, Integer> params = new HashMap<>();

    Translation(boolean columnsNotNull) {
      this.columnsNotNull = columnsNotNull;
    }

    RexNode simplify(Predicate where) {
      infer(where, true);
      RexNode node = bool(where);
      RexSimplify simplify = new RexSimplify(rex, RelOptPredicateList.EMPTY, NO_EXECUTOR);
      return simplify.simplifyUnknownAsFalse(node);
    }

    boolean readsTarget(RexNode node) {
      ImmutableBitSet bits = RelOptUtil.InputFinder.bits(node);
      for (int i : bits) {
        if (targetColumns.get(i)) {
          return true;
        }
      }
      return false;
    }

    /** Column types from what they are compared with; boolean where they stand as a condition. */
    private void infer(Predicate p, boolean boolPosition) {
      if (p instanceof Predicate.Column c) {
        if (boolPosition) {
          columnTypes.putIfAbsent(c.name(), SqlTypeName.BOOLEAN);
        }
        return;
      }
      if (p instanceof Predicate.Compare c) {
        hint(c.left(), c.right());
        hint(c.right(), c.left());
      } else if (p instanceof Predicate.In in) {
        for (Predicate v : in.values()) {
          hint(in.operand(), v);
        }
      } else if (p instanceof Predicate.Arith a) {
        hintType(a.left(), SqlTypeName.DECIMAL);
        hintType(a.right(), SqlTypeName.DECIMAL);
      } else if (p instanceof Predicate.Negate n) {
        hintType(n.operand(), SqlTypeName.DECIMAL);
      } else if (p instanceof Predicate.Match m) {
        hintType(m.operand(), SqlTypeName.VARCHAR);
      }
      boolean childBool = p instanceof Predicate.And || p instanceof Predicate.Or || p instanceof Predicate.Not;
      for (Predicate child : Predicate.children(p)) {
        infer(child, childBool);
      }
    }

    private void hint(Predicate column, Predicate other) {
      if (other instanceof Predicate.Literal l) {
        if (l.value() instanceof BigDecimal) {
          hintType(column, SqlTypeName.DECIMAL);
        } else if (l.value() instanceof String) {
          hintType(column, SqlTypeName.VARCHAR);
        } else if (l.value() instanceof Boolean) {
          hintType(column, SqlTypeName.BOOLEAN);
        }
      } else if (other instanceof Predicate.Arith || other instanceof Predicate.Negate) {
        hintType(column, SqlTypeName.DECIMAL);
      } else if (other instanceof Predicate.Column o && columnTypes.containsKey(o.name())) {
        hintType(column, columnTypes.get(o.name()));
      }
    }

    private void hintType(Predicate p, SqlTypeName type) {
      if (p instanceof Predicate.Column c) {
        columnTypes.putIfAbsent(c.name(), type);
      }
    }

    private RelDataType type(SqlTypeName name, boolean nullable) {
      RelDataType t =
          switch (name) {
            case DECIMAL -> TYPES.createSqlType(SqlTypeName.DECIMAL, 38, 10);
            case VARCHAR -> TYPES.createSqlType(SqlTypeName.VARCHAR, 4000);
            default -> TYPES.createSqlType(name);
          };
      return TYPES.createTypeWithNullability(t, nullable);
    }

    /** A condition: booleans as they are, numbers by MySQL/H2 truthiness ({@code <> 0}). */
    private RexNode bool(Predicate p) {
      if (p instanceof Predicate.And a) {
        List<RexNode> parts = new ArrayList<>();
        for (Predicate part : a.parts()) {
          parts.add(bool(part));
        }
        return rex.makeCall(SqlStdOperatorTable.AND, parts);
      }
      if (p instanceof Predicate.Or o) {
        List<RexNode> parts = new ArrayList<>();
        for (Predicate part : o.parts()) {
          parts.add(bool(part));
        }
        return rex.makeCall(SqlStdOperatorTable.OR, parts);
      }
      if (p instanceof Predicate.Not n) {
        return rex.makeCall(SqlStdOperatorTable.NOT, bool(n.operand()));
      }
      if (p instanceof Predicate.Compare c) {
        RexNode[] ops = pair(c.left(), c.right());
        return rex.makeCall(operator(c.op()), ops[0], ops[1]);
      }
      if (p instanceof Predicate.IsNull i) {
        RexNode operand = value(i.operand(), null);
        if (columnsNotNull) {
          // an explicit null test is a real question about the row: keep it as an unknown of its own
          // deterministic, so that the same test twice is the same value (p OR NOT p still folds)
          return rex.makeCall(
              type(SqlTypeName.BOOLEAN, false), i.negated() ? IS_NOT_NULL_TEST : IS_NULL_TEST, List.of(operand));
        }
        return rex.makeCall(i.negated() ? SqlStdOperatorTable.IS_NOT_NULL : SqlStdOperatorTable.IS_NULL, operand);
      }
      if (p instanceof Predicate.In in) {
        List<RexNode> ors = new ArrayList<>();
        for (Predicate v : in.values()) {
          RexNode[] ops = pair(in.operand(), v);
          ors.add(rex.makeCall(SqlStdOperatorTable.EQUALS, ops[0], ops[1]));
        }
        RexNode any = ors.size() == 1 ? ors.get(0) : rex.makeCall(SqlStdOperatorTable.OR, ors);
        return in.negated() ? rex.makeCall(SqlStdOperatorTable.NOT, any) : any;
      }
      if (p instanceof Predicate.Match m) {
        RexNode x = value(m.operand(), type(SqlTypeName.VARCHAR, true));
        RexNode pattern = value(m.pattern(), type(SqlTypeName.VARCHAR, true));
        RexNode like = rex.makeCall(SqlStdOperatorTable.LIKE, x, pattern);
        return m.negated() ? rex.makeCall(SqlStdOperatorTable.NOT, like) : like;
      }
      if (p instanceof Predicate.Literal l) {
        if (l.value() instanceof Boolean b) {
          return rex.makeLiteral(b);
        }
        if (l.value() == null) {
          return rex.makeNullLiteral(type(SqlTypeName.BOOLEAN, true));
        }
        if (l.value() instanceof BigDecimal d) {
          return rex.makeLiteral(d.signum() != 0);
        }
        return opaque(List.of(), type(SqlTypeName.BOOLEAN, true)); // a string's truth depends on the engine
      }
      if (p instanceof Predicate.Opaque o) {
        return opaque(o, type(SqlTypeName.BOOLEAN, true));
      }
      if (p instanceof Predicate.Column c && SqlTypeName.BOOLEAN.equals(columnTypes.get(c.name()))) {
        return value(p, null);
      }
      // a number or a non-boolean column standing as a condition: true when non-zero
      RexNode v = value(p, type(SqlTypeName.DECIMAL, true));
      if (!SqlTypeName.BOOLEAN.equals(v.getType().getSqlTypeName())) {
        return rex.makeCall(SqlStdOperatorTable.NOT_EQUALS, v, rex.makeExactLiteral(BigDecimal.ZERO, v.getType()));
      }
      return v;
    }

    /** Both operands of a comparison, each typed by the other where it has no type of its own. */
    private RexNode[] pair(Predicate l, Predicate r) {
      RexNode left = typedFirst(l) ? value(l, null) : null;
      RexNode right = value(r, left == null ? null : left.getType());
      if (left == null) {
        left = value(l, right.getType());
      }
      if (!comparable(left.getType(), right.getType())) {
        // mixed types (MySQL compares '1' = 1): keep both sides but give up on their meaning
        right = opaque(List.of(right), TYPES.createTypeWithNullability(left.getType(), true));
      }
      return new RexNode[] {left, right};
    }

    private boolean typedFirst(Predicate p) {
      return !(p instanceof Predicate.Param) && !(p instanceof Predicate.Opaque)
          && !(p instanceof Predicate.Literal l && l.value() == null);
    }

    private boolean comparable(RelDataType a, RelDataType b) {
      return a.getSqlTypeName().getFamily() == b.getSqlTypeName().getFamily();
    }

    private RexNode value(Predicate p, RelDataType hint) {
      RelDataType fallback = hint != null ? hint : type(SqlTypeName.VARCHAR, true);
      if (p instanceof Predicate.Column c) {
        Integer index = columns.get(c.name());
        if (index == null) {
          index = columns.size();
          columns.put(c.name(), index);
          if (c.target()) {
            targetColumns.set(index);
          }
        }
        SqlTypeName name = columnTypes.get(c.name());
        RelDataType t =
            name != null ? type(name, !columnsNotNull) : TYPES.createTypeWithNullability(fallback, !columnsNotNull);
        return rex.makeInputRef(t, index);
      }
      if (p instanceof Predicate.Literal l) {
        Object v = l.value();
        if (v == null) {
          return rex.makeNullLiteral(fallback);
        }
        if (v instanceof BigDecimal d) {
          return rex.makeExactLiteral(d, type(SqlTypeName.DECIMAL, false));
        }
        if (v instanceof Boolean b) {
          return rex.makeLiteral(b);
        }
        return rex.makeLiteral((String) v);
      }
      if (p instanceof Predicate.Param q) {
        Integer index = params.computeIfAbsent(q.key(), k -> params.size());
        // in the second pass a parameter is a value like any other: $1 = $1 OR a <> $1 holds for every row
        return rex.makeDynamicParam(TYPES.createTypeWithNullability(fallback, !columnsNotNull), index);
      }
      if (p instanceof Predicate.Arith a) {
        RexNode l = value(a.left(), type(SqlTypeName.DECIMAL, true));
        RexNode r = value(a.right(), type(SqlTypeName.DECIMAL, true));
        SqlOperator op =
            switch (a.op()) {
              case '+' -> SqlStdOperatorTable.PLUS;
              case '-' -> SqlStdOperatorTable.MINUS;
              case '*' -> SqlStdOperatorTable.MULTIPLY;
              default -> SqlStdOperatorTable.DIVIDE;
            };
        if (!SqlTypeName.NUMERIC_TYPES.contains(l.getType().getSqlTypeName())
            || !SqlTypeName.NUMERIC_TYPES.contains(r.getType().getSqlTypeName())) {
          return opaque(List.of(l, r), type(SqlTypeName.DECIMAL, true));
        }
        return rex.makeCall(op, l, r);
      }
      if (p instanceof Predicate.Negate n) {
        RexNode v = value(n.operand(), type(SqlTypeName.DECIMAL, true));
        if (!SqlTypeName.NUMERIC_TYPES.contains(v.getType().getSqlTypeName())) {
          return opaque(List.of(v), type(SqlTypeName.DECIMAL, true));
        }
        return rex.makeCall(SqlStdOperatorTable.UNARY_MINUS, v);
      }
      if (p instanceof Predicate.Opaque o) {
        return opaque(o, TYPES.createTypeWithNullability(fallback, true));
      }
      // a condition used as a value (a = (b > 1)): its truth as a boolean value
      RexNode b = bool(p);
      return b;
    }

    private List<RexNode> inputs(Predicate.Opaque o) {
      List<RexNode> in = new ArrayList<>();
      for (Predicate input : o.inputs()) {
        in.add(value(input, null));
      }
      return in;
    }

    private RexNode opaque(List<RexNode> inputs, RelDataType type) {
      return rex.makeCall(type, OPAQUE, inputs);
    }

    private RexNode opaque(Predicate.Opaque o, RelDataType type) {
      boolean deterministic = !o.subquery() && !ScopeCheck.volatileText(o.text()) && !o.inputs().isEmpty();
      SqlFunction f = deterministic ? opaqueFunction("\"" + o.text() + "\"", true) : OPAQUE;
      return rex.makeCall(type, f, inputs(o));
    }

    private static SqlOperator operator(Predicate.Op op) {
      return switch (op) {
        case EQ -> SqlStdOperatorTable.EQUALS;
        case NE -> SqlStdOperatorTable.NOT_EQUALS;
        case LT -> SqlStdOperatorTable.LESS_THAN;
        case LE -> SqlStdOperatorTable.LESS_THAN_OR_EQUAL;
        case GT -> SqlStdOperatorTable.GREATER_THAN;
        case GE -> SqlStdOperatorTable.GREATER_THAN_OR_EQUAL;
      };
    }
  }
}
