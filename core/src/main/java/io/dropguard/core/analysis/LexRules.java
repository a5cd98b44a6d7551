package io.dropguard.core.analysis;

import java.util.Locale;

/**
 * The lexical rules of one dialect (or one reading of it). {@link Dialect#GENERIC} is analysed under several of
 * these and the findings are united, so that nothing destructive hides behind a rule we guessed wrong.
 */
record LexRules(
    String name,
    Dialect dialect,
    /** backslash escapes in '...' (MySQL by default) */
    boolean backslashInStrings,
    /** "..." is a string, not a name (MySQL without ANSI_QUOTES) */
    boolean doubleQuotedStrings,
    boolean backticks,
    boolean squareBrackets,
    boolean nestedComments,
    /** MySQL: -- starts a comment only when a space or control character follows */
    boolean dashCommentNeedsSpace,
    boolean hashComments,
    /** H2: // line comments */
    boolean slashSlashComments,
    /** MySQL/MariaDB: content of /*! ... *&#47; and /*M! ... *&#47; is code */
    boolean executableComments,
    /** $tag$ ... $tag$ (PostgreSQL); H2 knows only $$ ... $$ */
    boolean dollarTags,
    boolean dollarPlain,
    /** E'...' strings with backslash escapes */
    boolean escapeStrings,
    /** Oracle q'[...]' */
    boolean qQuotes,
    /** PostgreSQL multi-character operators such as @&gt;, ||/ and #&gt;&gt; */
    boolean pgOperators,
    /** identifiers may start with # or @ (SQL Server temporary tables and variables) */
    boolean hashIdentifiers) {

  static final LexRules POSTGRES =
      new LexRules("postgres", Dialect.POSTGRES, false, false, false, false, true, false, false, false, false, true,
          true, true, false, true, false);
  static final LexRules MYSQL =
      new LexRules("mysql", Dialect.MYSQL, true, true, true, false, false, true, true, false, true, false, false,
          false, false, false, false);
  /** MySQL with sql_mode NO_BACKSLASH_ESCAPES, checked as well when a string holds a backslash. */
  static final LexRules MYSQL_NO_BACKSLASH =
      new LexRules("mysql (NO_BACKSLASH_ESCAPES)", Dialect.MYSQL, false, true, true, false, false, true, true, false,
          true, false, false, false, false, false, false);
  /**
   * MySQL's comment and escape rules with "..." as a name (ANSI_QUOTES): the MySQL reading of unknown SQL, which
   * mostly quotes names the standard way.
   */
  static final LexRules MYSQL_ANSI_QUOTES =
      new LexRules("mysql (ANSI_QUOTES)", Dialect.MYSQL, true, false, true, false, false, true, true, false, true,
          false, false, false, false, false, false);
  static final LexRules H2 =
      new LexRules("h2", Dialect.H2, false, false, true, false, true, false, false, true, false, false, true,
          false, false, false, false);
  static final LexRules ORACLE =
      new LexRules("oracle", Dialect.ORACLE, false, false, false, false, false, false, false, false, false, false,
          false, false, true, false, false);
  static final LexRules SQLSERVER =
      new LexRules("sqlserver", Dialect.SQLSERVER, false, false, false, true, true, false, false, false, false,
          false, false, false, false, false, true);
  /**
   * The primary reading of unknown SQL: standard quoting, backticks, MySQL executable comments as code; square
   * brackets are array subscripts here and names in the SQL Server reading.
   */
  static final LexRules GENERIC =
      new LexRules("generic", Dialect.GENERIC, false, false, true, false, false, false, false, false, true, true,
          true, true, false, false, true);

  static LexRules of(Dialect dialect) {
    switch (dialect) {
      case POSTGRES:
        return POSTGRES;
      case MYSQL:
        return MYSQL;
      case H2:
        return H2;
      case ORACLE:
        return ORACLE;
      case SQLSERVER:
        return SQLSERVER;
      default:
        return GENERIC;
    }
  }

  /** Folds an unquoted identifier as the dialect does. */
  String fold(String word) {
    switch (dialect) {
      case POSTGRES:
        return word.toLowerCase(Locale.ROOT);
      case H2:
      case ORACLE:
        return word.toUpperCase(Locale.ROOT);
      default:
        return word;
    }
  }
}
