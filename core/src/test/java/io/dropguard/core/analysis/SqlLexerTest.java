package io.dropguard.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SqlLexerTest {
  private static List<Token> lex(String sql, LexRules rules) {
    return SqlLexer.lex(sql, rules).tokens();
  }

  private static String code(String sql, LexRules rules) {
    List<Token> t = lex(sql, rules);
    return TokenRenderer.code(t, 0, t.size(), rules.dialect());
  }

  private static String types(String sql, LexRules rules) {
    return lex(sql, rules).stream().map(t -> t.type().name()).collect(Collectors.joining(" "));
  }

  @Test
  void mysqlDashDashWithoutSpaceIsTwoMinusSigns() {
    assertEquals("DELETE FROM t WHERE 0 - - 1", code("DELETE FROM t WHERE 0 --1", LexRules.MYSQL));
    assertEquals("DELETE FROM t WHERE 0", code("DELETE FROM t WHERE 0 -- 1", LexRules.MYSQL));
    assertEquals("DELETE FROM t WHERE 0", code("DELETE FROM t WHERE 0 --\t1", LexRules.MYSQL));
    assertEquals("DELETE FROM t WHERE 0", code("DELETE FROM t WHERE 0 --", LexRules.MYSQL));
    assertEquals("DELETE FROM t WHERE 0", code("DELETE FROM t WHERE 0 --1", LexRules.POSTGRES));
  }

  @Test
  void executableCommentContentIsCode() {
    assertEquals("DELETE FROM t WHERE 1 = 1", code("DELETE FROM t /*!50000 WHERE 1 = 1 */", LexRules.MYSQL));
    assertEquals("DELETE FROM t", code("DELETE FROM t /*+ hint */ /* c */", LexRules.MYSQL));
    assertEquals("SELECT 1", code("SELECT 1 /*! + 1 */", LexRules.POSTGRES));
  }

  @Test
  void stringsAreRenderedInStandardForm() {
    assertEquals("SELECT 'a''b'", code("SELECT E'a\\'b'", LexRules.POSTGRES));
    assertEquals("SELECT 'a\\'", code("SELECT 'a\\'", LexRules.POSTGRES));
    assertEquals("SELECT 'a''b'", code("SELECT 'a\\'b'", LexRules.MYSQL));
    assertEquals("SELECT 'x;y'", code("SELECT $q$x;y$q$", LexRules.POSTGRES));
    assertEquals("SELECT 'it''s'", code("SELECT q'[it's]'", LexRules.ORACLE));
    assertEquals("SELECT 'dq'", code("SELECT \"dq\"", LexRules.MYSQL));
    assertEquals("SELECT N'n'", code("SELECT N'n'", LexRules.SQLSERVER));
  }

  @Test
  void quotedNamesAreRenderedInDoubleQuotesExceptMysql() {
    assertEquals("DELETE FROM \"dbo\" . \"my t\"", code("DELETE FROM [dbo].[my t]", LexRules.SQLSERVER));
    assertEquals("DELETE FROM `my t`", code("DELETE FROM `my t`", LexRules.MYSQL));
    assertEquals("DELETE FROM \"a\"\"b\"", code("DELETE FROM \"a\"\"b\"", LexRules.POSTGRES));
  }

  @Test
  void postgresOperatorsAndCasts() {
    assertEquals("SELECT a :: int , b @> c , d #>> '{x}'", code("SELECT a::int, b@>c, d#>>'{x}'",
        LexRules.POSTGRES));
    assertEquals("WORD NUMBER OPERATOR OPERATOR NUMBER", types("select 2 =-1", LexRules.POSTGRES));
    assertEquals("WORD PARAM", types("SELECT $1", LexRules.POSTGRES));
  }

  @Test
  void nestedCommentsWhereTheDialectNestsThem() {
    assertEquals("SELECT 1", code("SELECT 1 /* a /* b */ c */", LexRules.POSTGRES));
    assertEquals("SELECT 1", code("SELECT 1 /* a /* b */ c */", LexRules.H2));
    assertEquals("SELECT 1 c * /", code("SELECT 1 /* a /* b */ c */", LexRules.MYSQL));
  }

  @Test
  void unterminatedOpeningsDoNotSwallowTheRest() {
    SqlLexer.Lexed l = SqlLexer.lex("SELECT 'abc; DROP TABLE t", LexRules.POSTGRES);
    assertEquals(List.of("unterminated string starting at offset 7"), l.problems());
    assertEquals("WORD UNTERMINATED WORD SEMICOLON WORD WORD WORD", types("SELECT 'abc; DROP TABLE t",
        LexRules.POSTGRES));
  }

  @Test
  void unicodeWhiteSpaceIsNoted() {
    assertTrue(SqlLexer.lex("DROP\u00a0TABLE t", LexRules.H2).unicodeSpace());
    assertFalse(SqlLexer.lex("SELECT '\u00a0'", LexRules.H2).unicodeSpace());
    assertEquals("WORD WORD WORD", types("\ufeffDROP\u3000TABLE t", LexRules.MYSQL));
  }

  @Test
  void foldingPerDialect() {
    assertEquals("readings", lex("Readings", LexRules.POSTGRES).get(0).value());
    assertEquals("READINGS", lex("Readings", LexRules.ORACLE).get(0).value());
    assertEquals("Readings", lex("Readings", LexRules.MYSQL).get(0).value());
    assertEquals("Readings", lex("\"Readings\"", LexRules.H2).get(0).value());
  }

  @Test
  void sqlServerNamesMayStartWithHash() {
    assertEquals("WORD WORD WORD", types("DROP TABLE #tmp", LexRules.SQLSERVER));
    assertEquals("WORD WORD OPERATOR WORD", types("DROP TABLE #tmp", LexRules.POSTGRES));
  }
}
