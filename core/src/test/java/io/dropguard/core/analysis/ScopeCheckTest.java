package io.dropguard.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopeCheckTest {
  private static final Predicate X = new Predicate.Column("x", true);
  private static final Predicate Y = new Predicate.Column("y", true);

  private static Predicate num(int n) {
    return new Predicate.Literal(BigDecimal.valueOf(n));
  }

  @Test
  void calciteFindsTautologiesAndKeepsRealRestrictions() {
    Predicate xEq5 = new Predicate.Compare(Predicate.Op.EQ, X, num(5));
    Predicate xNe5 = new Predicate.Compare(Predicate.Op.NE, X, num(5));
    assertEquals(RexScopeCheck.Outcome.TRUE_IF_NOT_NULL, RexScopeCheck.check(new Predicate.Or(List.of(xEq5, xNe5))));
    assertEquals(
        RexScopeCheck.Outcome.ALWAYS_TRUE,
        RexScopeCheck.check(
            new Predicate.Or(List.of(new Predicate.IsNull(X, false), new Predicate.IsNull(X, true)))));
    assertEquals(
        RexScopeCheck.Outcome.RESTRICTS,
        RexScopeCheck.check(
            new Predicate.Or(List.of(xEq5, new Predicate.Compare(Predicate.Op.EQ, Y, num(2))))));
    assertEquals(
        RexScopeCheck.Outcome.ALWAYS_FALSE,
        RexScopeCheck.check(
            new Predicate.And(
                List.of(new Predicate.Compare(Predicate.Op.GT, X, num(5)),
                    new Predicate.Compare(Predicate.Op.LT, X, num(3))))));
    // an explicit null test is a real question, not a tautology
    assertEquals(RexScopeCheck.Outcome.RESTRICTS, RexScopeCheck.check(new Predicate.Not(new Predicate.IsNull(X, false))));
    // OR with a condition on another table only: the target is not what decides
    Predicate other = new Predicate.Compare(Predicate.Op.EQ, new Predicate.Column("u.x", false), num(1));
    assertEquals(
        RexScopeCheck.Outcome.INDEPENDENT,
        RexScopeCheck.check(new Predicate.And(List.of(other, new Predicate.Or(List.of(xEq5, xNe5,
            new Predicate.IsNull(X, false)))))));
  }

  @Test
  void constantsFoldThreeValued() {
    assertEquals(Boolean.TRUE, ScopeCheck.constant(new Predicate.Compare(Predicate.Op.EQ, num(1), num(1)), Dialect.POSTGRES));
    assertEquals(Boolean.FALSE, ScopeCheck.constant(new Predicate.Compare(Predicate.Op.EQ, num(1), num(0)), Dialect.POSTGRES));
    assertEquals(
        BigDecimal.ONE,
        ScopeCheck.constant(new Predicate.Arith('-', num(0), new Predicate.Negate(num(1))), Dialect.MYSQL));
    // NULL OR FALSE is not proof of "nothing deleted"... it is: NULL is not true. NOT NULL stays NULL.
    assertEquals(Boolean.FALSE, ScopeCheck.truth(
        ScopeCheck.constant(new Predicate.Not(new Predicate.Literal(null)), Dialect.POSTGRES), Dialect.POSTGRES));
  }

  @Test
  void mysqlStringsAreTrueWhenTheirNumericPrefixIsNonZeroAndNeverProvablyFalse() {
    assertEquals(Boolean.TRUE, ScopeCheck.truth("1abc", Dialect.MYSQL));
    assertEquals(Boolean.TRUE, ScopeCheck.truth(" 2.5x", Dialect.MYSQL));
    assertNull(ScopeCheck.truth("abc", Dialect.MYSQL));
    assertNull(ScopeCheck.truth("0", Dialect.MYSQL));
    assertNull(ScopeCheck.truth("1", Dialect.POSTGRES));
    assertEquals(new BigDecimal("12"), ScopeCheck.mysqlNumericPrefix("12abc"));
    assertEquals(BigDecimal.ZERO, ScopeCheck.mysqlNumericPrefix("abc"));
  }
}
