package io.dropguard.core.analysis;

import io.dropguard.core.analysis.Token.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies one statement's tokens into {@link StatementKind}s with the objects they target. Destructive DDL is
 * read from the tokens alone (no parser knows every dialect's DROP); DELETE, UPDATE, MERGE and data-modifying CTEs
 * are re-rendered and handed to {@link DmlAnalyzer}, with a token fallback when it cannot parse them. Dynamic SQL
 * whose text is visible (DO bodies, EXECUTE IMMEDIATE, PREPARE ... FROM, sp_executesql, EXEC('...')) is analysed
 * again, to a bounded depth; dynamic SQL built at run time is {@code unparseable} when it might be destructive.
 */
final class KindClassifier {
  /** Analyses SQL text found inside a statement (dynamic SQL), one level deeper. */
  interface Nested {
    List<StatementAnalysis> analyze(String sql, LexRules rules, int depth);

    /** Remembers what a statement prepared under {@code name} destroys (PostgreSQL PREPARE AS, MySQL FROM). */
    default void prepared(String name, List<Finding> findings) {}

    /** What the statement last prepared under {@code name} destroys, as far as DropGuard saw it; empty if unknown. */
    default List<Finding> preparedFindings(String name) {
      return List.of();
    }
  }

  /** What one statement does. */
  record Result(List<Finding> findings, List<String> notes) {}

  static final int MAX_DEPTH = 4;
  /** DML longer than this is not handed to the parser: the token fallback decides. */
  static final int MAX_DML_CHARS = 200_000;

  /** Words that start something destructive or opaque; a statement without any of them cannot destroy. */
  static final Set<String> DANGER_WORDS =
      Set.of("DROP", "TRUNCATE", "DELETE", "UPDATE", "MERGE", "ALTER", "EXEC", "EXECUTE", "CALL", "PREPARE", "DO",
          "BEGIN", "DECLARE", "PURGE", "DISCARD", "RUNSCRIPT", "REPLACE", "OVERWRITE");

  private static final Set<String> SPLIT_HEADS =
      Set.of("DROP", "TRUNCATE", "DELETE", "UPDATE", "MERGE", "ALTER", "EXEC", "EXECUTE", "CALL", "WITH");

  /** A word before one of {@link #SPLIT_HEADS} that makes it part of the statement, not a new one. */
  private static final Set<String> NOT_AFTER =
      Set.of("ON", "FOR", "OF", "OR", "AFTER", "BEFORE", "INSTEAD", "KEY", "NO", "GRANT", "REVOKE", "DENY", "IS",
          "AS", "WITH", "TO", "ALL", "ANY", "START", "CASCADE", "RESTRICT", "COMMIT", "ENABLE", "DISABLE",
          "SET", "SHARE");

  private final LexRules rules;
  private final Dialect dialect;
  private final List<Token> t;
  private final int depth;
  private final boolean inBody;
  private final DmlAnalyzer dml;
  private final Nested nested;
  private final List<Finding> findings = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  /** for each LPAREN, the index of its RPAREN (or the last token); keeps every look-up O(1) */
  private final int[] match;
  private final java.util.Map<String, int[]> wordAt = new java.util.HashMap<>();

  KindClassifier(LexRules rules, List<Token> tokens, int depth, boolean inBody, DmlAnalyzer dml, Nested nested) {
    this.rules = rules;
    this.dialect = rules.dialect();
    this.t = tokens;
    this.depth = depth;
    this.inBody = inBody;
    this.dml = dml;
    this.nested = nested;
    this.match = new int[tokens.size()];
    int[] stack = new int[tokens.size() + 1];
    int sp = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Type ty = tokens.get(i).type();
      match[i] = -1;
      if (ty == Type.LPAREN) {
        stack[sp++] = i;
      } else if (ty == Type.RPAREN && sp > 0) {
        match[stack[--sp]] = i;
      }
    }
    while (sp > 0) {
      match[stack[--sp]] = tokens.size() - 1;
    }
  }

  /** Whether a statement is decided as harmless from its words alone (the fast path for SELECT and INSERT). */
  static boolean harmlessByWords(List<Token> tokens) {
    if (tokens.isEmpty()) {
      return true;
    }
    int first = 0;
    while (first < tokens.size() && tokens.get(first).type() == Type.LPAREN) {
      first++;
    }
    if (first >= tokens.size()) {
      return true;
    }
    String head = tokens.get(first).keyword();
    if (!(head.equals("SELECT") || head.equals("INSERT") || head.equals("VALUES") || head.equals("SHOW"))) {
      return false;
    }
    for (Token k : tokens) {
      if (k.type() == Type.UNTERMINATED || (k.type() == Type.WORD && DANGER_WORDS.contains(k.keyword()))) {
        return false;
      }
    }
    return true;
  }

  Result classify() {
    int from = 0;
    int to = t.size();
    // JDBC escape {call p(?)} and {? = call f(?)}
    if (to > 0 && t.get(0).text().equals("{")) {
      from = 1;
      if (t.get(to - 1).text().equals("}")) {
        to--;
      }
    }
    // an unterminated quote or comment was lexed as code after its opening: what follows is a statement of its own
    for (int i = from; i < to; i++) {
      if (t.get(i).type() == Type.UNTERMINATED) {
        classifyRange(from, i);
        from = i + 1;
      }
    }
    classifyRange(from, to);
    return new Result(List.copyOf(findings), List.copyOf(notes));
  }

  private void classifyRange(int from, int to) {
    if (from >= to) {
      return;
    }
    if (inBody) {
      scanBody(from, to);
    } else if (dialect == Dialect.SQLSERVER || dialect == Dialect.GENERIC) {
      // #2: T-SQL needs no semicolon between statements: `IF 1=1 DROP TABLE t`, `SELECT 1 DELETE FROM t`
      for (int[] p : implicitPieces(from, to)) {
        classifyPiece(p[0], p[1]);
      }
    } else {
      classifyPiece(from, to);
    }
  }

  // ---------------------------------------------------------------- pieces

  /** Cuts [from, to) before every word that starts a destructive statement (for bodies and T-SQL batches). */
  private List<int[]> implicitPieces(int from, int to) {
    List<int[]> pieces = new ArrayList<>();
    String head = kw(from);
    if (isContainerHead(from)) {
      pieces.add(new int[] {from, to});
      return pieces;
    }
    int start = from;
    int d = 0;
    for (int i = from; i < to; i++) {
      Token k = t.get(i);
      if (k.type() == Type.LPAREN) {
        d++;
      } else if (k.type() == Type.RPAREN) {
        d = Math.max(0, d - 1);
      } else if (d == 0 && i > start && isSplitHead(i, start)) {
        pieces.add(new int[] {start, i});
        start = i;
        head = kw(i);
        if (isContainerHead(i)) {
          break;
        }
      }
    }
    pieces.add(new int[] {start, to});
    return pieces;
  }

  /** Statements whose later words belong to a definition or a privilege list, never to a new statement. */
  private boolean isContainerHead(int i) {
    String head = kw(i);
    if (head.equals("GRANT") || head.equals("REVOKE") || head.equals("DENY")) {
      return true;
    }
    if (head.equals("CREATE") || (head.equals("ALTER") && dialect == Dialect.SQLSERVER)) {
      for (int j = i + 1; j < Math.min(t.size(), i + 8); j++) {
        switch (kw(j)) {
          case "PROCEDURE":
          case "PROC":
          case "FUNCTION":
          case "TRIGGER":
          case "VIEW":
          case "RULE":
          case "POLICY":
          case "EVENT":
          case "PACKAGE":
          case "TYPE":
            return true;
          case "TABLE":
          case "INDEX":
            return false;
          default:
            break;
        }
      }
    }
    return false;
  }

  private boolean isSplitHead(int i, int pieceStart) {
    Token k = t.get(i);
    String w = k.keyword();
    if (!SPLIT_HEADS.contains(w)) {
      return false;
    }
    Token prev = i > 0 ? t.get(i - 1) : null;
    Token next = i + 1 < t.size() ? t.get(i + 1) : null;
    if (next != null && (next.type() == Type.DOT || next.text().equals("=") || next.text().equals(":="))) {
      return false;
    }
    if (next != null && next.type() == Type.LPAREN && !(w.equals("EXEC") || w.equals("EXECUTE"))) {
      return false; // TRUNCATE(1.5, 0), UPDATE(col): functions
    }
    if ((w.equals("DROP") || w.equals("TRUNCATE") || w.equals("ALTER")) && (next == null || !next.isName())) {
      return false; // H2 SCRIPT ... DROP: an option
    }
    if (prev != null) {
      if (prev.type() == Type.COMMA || prev.type() == Type.DOT) {
        return false;
      }
      String p = prev.keyword();
      boolean setOption = (p.equals("ON") || p.equals("OFF")) && kw(pieceStart).equals("SET");
      if (NOT_AFTER.contains(p) && !setOption) {
        return false; // but T-SQL `SET NOCOUNT ON DELETE FROM t` is two statements
      }
      if (p.equals("DO") && containsWord(pieceStart, i, "CONFLICT")) {
        return false;
      }
      if ((p.equals("THEN") || p.equals("MATCHED")) && kw(pieceStart).equals("MERGE")) {
        return false;
      }
    }
    String head = kw(pieceStart);
    if (head.equals("ALTER") && (w.equals("DROP") || w.equals("ALTER") || w.equals("TRUNCATE"))) {
      return false;
    }
    if (head.equals("WITH") && prev != null && prev.type() == Type.RPAREN) {
      return false; // WITH cte AS (...) DELETE ...: the statement the CTEs belong to
    }
    if (w.equals("UPDATE") && next != null && next.is("STATISTICS")) {
      return false;
    }
    if (head.equals("EXPLAIN") || head.equals("PREPARE") || head.equals("ANALYZE")) {
      return false;
    }
    if (w.equals("WITH")) {
      // only a WITH that opens a query: WITH name AS ( / WITH RECURSIVE
      return next != null && (next.is("RECURSIVE")
          || (next.isName() && (kw(i + 2).equals("AS") || tokType(i + 2) == Type.LPAREN)));
    }
    // EXECUTE IMMEDIATE is dynamic SQL wherever it stands (inside IF, LOOP, a nested block of a PL/SQL block)
    if ((w.equals("EXEC") || w.equals("EXECUTE")) && dialect != Dialect.SQLSERVER && dialect != Dialect.GENERIC
        && !inBody && !(next != null && next.is("IMMEDIATE"))) {
      return false;
    }
    return true;
  }

  private void classifyPiece(int from, int to) {
    for (int strip = 0; strip < 64 && from < to && t.get(from).type() == Type.LPAREN && closes(from) >= to - 1;
        strip++) {
      from++;
      to--;
    }
    if (from >= to) {
      return;
    }
    String head = kw(from);
    if (!head.equals("DELETE") && !head.equals("UPDATE") && !head.equals("MERGE")
        && (dialect == Dialect.H2 || dialect == Dialect.GENERIC)) {
      dataChangeDeltaTables(from, to);
    }
    switch (head) {
      case "DROP":
        drop(from, to);
        break;
      case "TRUNCATE":
        truncate(from, to);
        break;
      case "ALTER":
        alter(from, to);
        break;
      case "DELETE":
      case "UPDATE":
      case "MERGE":
        if (head.equals("UPDATE") && kw(from + 1).equals("STATISTICS")) {
          break; // SQL Server UPDATE STATISTICS t: optimizer statistics, no rows
        }
        dmlStatement(from, to);
        break;
      case "INSERT":
        if (kw(from + 1).equals("OVERWRITE")) {
          int i = from + 2;
          if (kw(i).equals("TABLE") || kw(i).equals("INTO")) {
            i++;
          }
          ObjectName n = nameAt(i);
          findings.add(new Finding(StatementKind.TRUNCATE, "table", n == null ? List.of() : List.of(n),
              "INSERT OVERWRITE replaces every row of the table with the query's rows"));
        }
        break;
      case "WITH":
        if (hasDmlHead(from, to)) {
          dmlStatement(from, to);
        }
        break;
      case "EXPLAIN":
        explain(from, to);
        break;
      case "ANALYZE":
        if (dialect == Dialect.MYSQL || dialect == Dialect.GENERIC) {
          mariaAnalyze(from, to);
        }
        break;
      case "DO":
        if (dialect == Dialect.POSTGRES || dialect == Dialect.GENERIC) {
          doBlock(from, to);
        }
        break;
      case "BEGIN":
      case "DECLARE":
        if (dialect == Dialect.ORACLE || dialect == Dialect.GENERIC || inBody) {
          if (!isTransactionBegin(from, to)) {
            scanBody(from + 1, to);
          }
        }
        break;
      case "EXEC":
      case "EXECUTE":
        execute(from, to);
        break;
      case "COPY":
        if (tokType(from + 1) == Type.LPAREN) {
          // PostgreSQL COPY (DELETE ... RETURNING *) TO STDOUT runs the statement
          int close = closes(from + 1);
          int before = findings.size();
          classifyPiece(from + 2, Math.min(close, to));
          prefix(before, "COPY runs the statement: ");
        }
        break;
      case "CALL":
        notes.add("CALL " + nameText(from + 1) + ": opaque, the procedure's body is not visible to DropGuard");
        break;
      case "PREPARE":
        prepare(from, to);
        break;
      case "CREATE":
        create(from, to);
        break;
      case "DISCARD":
        if ((dialect == Dialect.POSTGRES || dialect == Dialect.GENERIC)
            && (kw(from + 1).equals("ALL") || kw(from + 1).startsWith("TEMP"))) {
          findings.add(new Finding(StatementKind.DROP_TABLE, "temporary table", List.of(),
              "DISCARD " + kw(from + 1) + " drops every temporary table of the session and its rows"));
        }
        break;
      case "PURGE":
        if (dialect == Dialect.ORACLE || dialect == Dialect.GENERIC) {
          findings.add(new Finding(StatementKind.DROP_OTHER, "recycle bin", names(from + 2, to),
              "PURGE removes dropped objects for good, so they can no longer be restored from the recycle bin"));
        }
        break;
      case "RUNSCRIPT":
        if (dialect == Dialect.H2 || dialect == Dialect.GENERIC) {
          findings.add(unparseable("RUNSCRIPT runs the statements of a file that DropGuard cannot see"));
        }
        break;
      default:
        break;
    }
  }

  /**
   * H2's data change delta tables ({@code SELECT * FROM OLD TABLE (DELETE FROM t)}, also {@code NEW}/{@code FINAL}
   * and {@code DATA CHANGE DELTA TABLE}) run the DML inside them: it is classified like the statement it is.
   */
  private void dataChangeDeltaTables(int from, int to) {
    for (int i = from + 1; i + 2 < to; i++) {
      if (!kw(i).equals("TABLE") || tokType(i + 1) != Type.LPAREN) {
        continue;
      }
      String before = kw(i - 1);
      if (!(before.equals("OLD") || before.equals("NEW") || before.equals("FINAL") || before.equals("DELTA"))) {
        continue;
      }
      String inner = kw(i + 2);
      int close = closes(i + 1);
      if ((inner.equals("DELETE") || inner.equals("UPDATE") || inner.equals("MERGE")) && close > i + 2
          && close <= to) {
        classifyPiece(i + 2, close);
      }
    }
  }

  // ---------------------------------------------------------------- DROP

  private static final String[][] DROP_TYPES = {
    {"GLOBAL TEMPORARY TABLE", "drop_table", "temporary table"},
    {"TEMPORARY TABLE", "drop_table", "temporary table"},
    {"TEMP TABLE", "drop_table", "temporary table"},
    {"FOREIGN TABLE", "drop_table", "foreign table"},
    {"EXTERNAL TABLE", "drop_table", "external table"},
    {"TABLE", "drop_table", "table"},
    {"MATERIALIZED VIEW LOG", "drop_other", "materialized view log"},
    {"MATERIALIZED VIEW", "drop_view", "materialized view"},
    {"VIEW", "drop_view", "view"},
    {"PUBLIC DATABASE LINK", "drop_other", "database link"},
    {"DATABASE LINK", "drop_other", "database link"},
    {"DATABASE AUDIT SPECIFICATION", "drop_other", "database audit specification"},
    {"PLUGGABLE DATABASE", "drop_database", "pluggable database"},
    {"DATABASE", "drop_database", "database"},
    {"SCHEMA", "drop_schema", "schema"},
    {"OWNED", "drop_schema", "objects owned by a role"},
    {"ALL OBJECTS", "drop_database", "all objects"},
    {"USER MAPPING", "drop_other", "user mapping"},
    {"EVENT TRIGGER", "drop_other", "event trigger"},
    {"FOREIGN DATA WRAPPER", "drop_other", "foreign-data wrapper"},
    {"OPERATOR CLASS", "drop_other", "operator class"},
    {"OPERATOR FAMILY", "drop_other", "operator family"},
    {"ACCESS METHOD", "drop_other", "access method"},
    {"TEXT SEARCH CONFIGURATION", "drop_other", "text search configuration"},
    {"TEXT SEARCH DICTIONARY", "drop_other", "text search dictionary"},
    {"TEXT SEARCH PARSER", "drop_other", "text search parser"},
    {"TEXT SEARCH TEMPLATE", "drop_other", "text search template"},
    {"TRUSTED PROCEDURAL LANGUAGE", "drop_other", "language"},
    {"PROCEDURAL LANGUAGE", "drop_other", "language"},
    {"PACKAGE BODY", "drop_other", "package body"},
    {"TYPE BODY", "drop_other", "type body"},
    {"PUBLIC SYNONYM", "drop_other", "synonym"},
    {"SPATIAL REFERENCE SYSTEM", "drop_other", "spatial reference system"},
    {"RESOURCE GROUP", "drop_other", "resource group"},
    {"LOGFILE GROUP", "drop_other", "logfile group"},
    {"SECURITY POLICY", "drop_other", "security policy"},
    {"PARTITION FUNCTION", "drop_other", "partition function"},
    {"PARTITION SCHEME", "drop_other", "partition scheme"},
    {"XML SCHEMA COLLECTION", "drop_other", "XML schema collection"},
    {"FULLTEXT INDEX", "drop_other", "fulltext index"},
    {"FULLTEXT CATALOG", "drop_other", "fulltext catalog"},
    {"MASTER KEY", "drop_other", "master key"},
    {"SERVER ROLE", "drop_other", "server role"},
    {"SERVER AUDIT SPECIFICATION", "drop_other", "server audit specification"},
    {"SERVER AUDIT", "drop_other", "server audit"},
    {"APPLICATION ROLE", "drop_other", "application role"},
    {"ASYMMETRIC KEY", "drop_other", "asymmetric key"},
    {"SYMMETRIC KEY", "drop_other", "symmetric key"},
    {"PROC", "drop_other", "procedure"},
  };

  private void drop(int from, int to) {
    int i = from + 1;
    String kind = null;
    String objectType = null;
    for (String[] row : DROP_TYPES) {
      String[] words = row[0].split(" ");
      if (wordsAt(i, words)) {
        kind = row[1];
        objectType = row[2];
        i += words.length;
        break;
      }
    }
    if (kind == null) {
      String w = kw(i);
      if (w.equals("PREPARE")) {
        return; // MySQL DROP PREPARE = DEALLOCATE PREPARE: forgets a prepared statement
      }
      kind = "drop_other";
      objectType = w.isEmpty() ? "object" : w.toLowerCase(Locale.ROOT);
      if (!w.isEmpty()) {
        i++;
      }
    }
    if (dialect == Dialect.MYSQL && objectType.equals("schema")) {
      kind = "drop_database"; // MySQL: SCHEMA is a synonym of DATABASE
      objectType = "database";
    }
    while (kw(i).equals("CONCURRENTLY") || kw(i).equals("BY") || kw(i).equals("FOR")) {
      i++;
    }
    if (kw(i).equals("IF") && kw(i + 1).equals("EXISTS")) {
      i += 2;
    }
    List<ObjectName> targets = objectType.equals("all objects") ? List.of() : names(i, to);
    String typeWords = objectType.toUpperCase(Locale.ROOT);
    String reason;
    switch (kind) {
      case "drop_database":
        reason = objectType.equals("all objects")
            ? "DROP ALL OBJECTS removes every schema, table, view and sequence of the database, with their rows"
            : "DROP " + typeWords + " removes the database and everything in it";
        break;
      case "drop_schema":
        reason = objectType.equals("schema")
            ? "DROP SCHEMA removes the schema" + (containsWord(i, to, "CASCADE") ? " and every object in it" : "")
            : "DROP OWNED removes every object owned by the role, with the rows of its tables";
        break;
      case "drop_table":
        reason = "DROP " + typeWords + " removes the " + objectType + " and its rows";
        break;
      case "drop_view":
        reason = objectType.equals("view")
            ? "DROP VIEW removes the view's definition"
            : "DROP MATERIALIZED VIEW removes the materialized view and its stored rows";
        break;
      default:
        reason = "DROP " + typeWords + " removes the " + objectType;
    }
    if (containsWord(i, to, "CASCADE") && !kind.equals("drop_schema")) {
      reason += ", and CASCADE removes every object that depends on it";
    }
    findings.add(new Finding(StatementKind.fromId(kind).orElseThrow(), objectType, targets, reason));
  }

  // ---------------------------------------------------------------- TRUNCATE

  private void truncate(int from, int to) {
    int i = from + 1;
    String objectType = "table";
    if (kw(i).equals("TABLE")) {
      i++;
    } else if (kw(i).equals("CLUSTER")) {
      objectType = "cluster";
      i++;
    }
    if (kw(i).equals("IF") && kw(i + 1).equals("EXISTS")) {
      i += 2;
    }
    List<ObjectName> targets = names(i, to);
    String reason = objectType.equals("cluster")
        ? "TRUNCATE CLUSTER removes every row of every table in the cluster"
        : "TRUNCATE removes every row of the table";
    if (containsWord(i, to, "PARTITIONS") || containsWord(i, to, "PARTITION")) {
      reason = "TRUNCATE removes every row of the named partitions";
    } else if (containsWord(i, to, "CASCADE")) {
      reason += ", and CASCADE empties every table that references it";
    }
    findings.add(new Finding(StatementKind.TRUNCATE, objectType, targets, reason));
  }

  // ---------------------------------------------------------------- ALTER

  private void alter(int from, int to) {
    int i = from + 1;
    if (kw(i).equals("DEFAULT") && kw(i + 1).equals("PRIVILEGES")) {
      // the corpus shows PostgreSQL removing the role's default ACL entry when a GRANT/REVOKE restores the default
      findings.add(new Finding(StatementKind.ALTER_DROP, "default privileges", List.of(),
          "ALTER DEFAULT PRIVILEGES replaces the default privileges, and may remove the role's default ACL entry"));
      return;
    }
    StringBuilder type = new StringBuilder();
    // object type words up to the name: TABLE, FOREIGN TABLE, MATERIALIZED VIEW, TEXT SEARCH CONFIGURATION, ...
    while (i < to && t.get(i).type() == Type.WORD && type.length() < 40 && !kw(i).equals("IF")
        && isAlterTypeWord(kw(i), type.length() == 0)) {
      type.append(type.length() == 0 ? "" : " ").append(kw(i));
      i++;
    }
    String objType = type.toString();
    if (kw(i).equals("IF") && kw(i + 1).equals("EXISTS")) {
      i += 2;
    }
    if (kw(i).equals("ONLY")) {
      i++;
    }
    int nameAt = i;
    ObjectName owner = nameAt(i);
    List<ObjectName> targets = owner == null ? List.of() : List.of(owner);
    String ownerText = owner == null ? "" : " " + owner;
    int d = 0;
    for (int j = i; j < to; j++) {
      Token k = t.get(j);
      if (k.type() == Type.LPAREN) {
        d++;
        continue;
      }
      if (k.type() == Type.RPAREN) {
        d = Math.max(0, d - 1);
        continue;
      }
      if (d > 0 || k.type() != Type.WORD || j == nameAt) {
        continue;
      }
      String w = k.keyword();
      if (w.equals("DROP")) {
        alterDrop(j, to, objType, targets, ownerText);
      } else if (w.equals("TRUNCATE") && (kw(j + 1).equals("PARTITION") || kw(j + 1).equals("SUBPARTITION"))) {
        findings.add(new Finding(StatementKind.TRUNCATE, "partition", targets,
            "ALTER TABLE" + ownerText + " TRUNCATE " + kw(j + 1) + " removes every row of the partition"));
      } else if (w.equals("DISCARD") && (kw(j + 1).equals("TABLESPACE") || kw(j + 1).equals("PARTITION"))) {
        findings.add(new Finding(StatementKind.ALTER_DROP, "tablespace", targets,
            "ALTER TABLE" + ownerText + " DISCARD TABLESPACE deletes the table's data file"));
      } else if (w.equals("SET") && objType.equals("PUBLICATION")
          && (kw(j + 1).equals("TABLE") || kw(j + 1).equals("TABLES") || kw(j + 1).equals("ALL"))) {
        findings.add(new Finding(StatementKind.ALTER_DROP, "publication membership", targets,
            "ALTER PUBLICATION" + ownerText + " SET " + kw(j + 1) + " replaces the publication's tables: every "
                + "table not listed is removed from it"));
      } else if (w.equals("DETACH") && kw(j + 1).equals("PARTITION")) {
        findings.add(new Finding(StatementKind.ALTER_DROP, "partition", targets,
            "ALTER TABLE" + ownerText + " DETACH PARTITION takes the partition and its rows out of the table (they "
                + "stay in a table of their own) and drops the constraints it inherited"));
      } else if (w.equals("SET") && kw(j + 1).equals("UNUSED")) {
        findings.add(new Finding(StatementKind.ALTER_DROP, "column", targets,
            "ALTER TABLE" + ownerText + " SET UNUSED makes the column's values unreachable for good"));
      }
    }
  }

  private static boolean isAlterTypeWord(String w, boolean first) {
    switch (w) {
      case "TABLE":
      case "FOREIGN":
      case "MATERIALIZED":
      case "VIEW":
      case "TEXT":
      case "SEARCH":
      case "CONFIGURATION":
      case "DICTIONARY":
      case "OPERATOR":
      case "FAMILY":
      case "CLASS":
      case "EVENT":
      case "TRIGGER":
      case "DATA":
      case "WRAPPER":
      case "ONLINE":
      case "IGNORE":
        return true;
      default:
        return first;
    }
  }

  private void alterDrop(int j, int to, String objType, List<ObjectName> targets, String ownerText) {
    String a = kw(j + 1);
    String b = kw(j + 2);
    String what;
    int nameAt = j + 2;
    switch (a) {
      case "NOT":
        return; // DROP NOT NULL keeps every value
      case "STORAGE":
        return; // Oracle TRUNCATE ... DROP STORAGE: space, not data
      case "ALL":
        if (b.equals("STORAGE")) {
          return;
        }
        what = "part";
        break;
      case "COLUMN":
        what = "column";
        break;
      case "CONSTRAINT":
      case "CHECK":
        what = "constraint";
        break;
      case "PRIMARY":
      case "FOREIGN":
        what = a.equals("PRIMARY") ? "primary key" : "foreign key";
        nameAt = j + 3;
        break;
      case "INDEX":
      case "KEY":
        what = "index";
        break;
      case "PARTITION":
      case "SUBPARTITION":
        what = "partition";
        break;
      case "DEFAULT":
        what = "default value";
        nameAt = -1;
        break;
      case "IDENTITY":
        what = "identity";
        nameAt = -1;
        break;
      case "EXPRESSION":
        what = "generation expression";
        nameAt = -1;
        break;
      case "SYSTEM":
        what = "system versioning history";
        nameAt = -1;
        break;
      case "UNUSED":
        what = "column";
        nameAt = -1;
        break;
      case "TABLE":
        what = objType.equals("PUBLICATION") ? "publication membership" : "table";
        break;
      case "PERIOD":
        what = "period";
        break;
      default:
        if (t.size() > j + 1 && (t.get(j + 1).isName() || tokType(j + 1) == Type.LPAREN)
            && (objType.isEmpty() || objType.endsWith("TABLE"))) {
          what = "column";
          nameAt = j + 1;
        } else if (!a.isEmpty()) {
          what = a.toLowerCase(Locale.ROOT);
        } else {
          what = "part";
        }
    }
    if (nameAt > 0 && kw(nameAt).equals("IF") && kw(nameAt + 1).equals("EXISTS")) {
      nameAt += 2;
    }
    String dropped = "";
    if (nameAt > 0) {
      if (tokType(nameAt) == Type.LPAREN) {
        dropped = " " + TokenRenderer.normalized(t, nameAt, Math.min(to, closes(nameAt) + 1));
      } else {
        ObjectName n = nameAt(nameAt);
        dropped = n == null ? "" : " " + n;
      }
    }
    String objectWords = objType.isEmpty() ? "ALTER" : "ALTER " + objType;
    String reason = objectWords + ownerText + " DROP " + what.toUpperCase(Locale.ROOT) + dropped + " removes the "
        + what + (what.equals("column") ? " and its values" : "");
    if (containsWord(j, to, "CASCADE")) {
      reason += ", and CASCADE removes what depends on it";
    }
    findings.add(new Finding(StatementKind.ALTER_DROP, what, targets, reason));
  }

  // ---------------------------------------------------------------- DML

  private boolean hasDmlHead(int from, int to) {
    for (int i = from + 1; i < to; i++) {
      String w = kw(i);
      if ((w.equals("DELETE") || w.equals("UPDATE") || w.equals("MERGE")) && isDmlHeadAt(i, from)) {
        return true;
      }
    }
    return false;
  }

  /** DELETE/UPDATE/MERGE at {@code i} opens a statement (not FOR UPDATE, ON DELETE, DO UPDATE, GRANT DELETE). */
  private boolean isDmlHeadAt(int i, int pieceStart) {
    if (i == pieceStart) {
      return true;
    }
    Token prev = t.get(i - 1);
    Token next = i + 1 < t.size() ? t.get(i + 1) : null;
    if (next != null && (next.type() == Type.DOT || next.text().equals("="))) {
      return false;
    }
    if (prev.type() == Type.LPAREN || prev.type() == Type.RPAREN) {
      return true;
    }
    String p = prev.keyword();
    if (NOT_AFTER.contains(p) || prev.type() == Type.COMMA || prev.type() == Type.DOT) {
      return false;
    }
    if (p.equals("DO") && containsWord(pieceStart, i, "CONFLICT")) {
      return false;
    }
    if (p.equals("THEN")) {
      return false; // MERGE ... WHEN MATCHED THEN DELETE belongs to the MERGE
    }
    return prev.type() == Type.WORD;
  }

  private void dmlStatement(int from, int to) {
    String code = TokenRenderer.code(t, from, to, dialect);
    DmlResult r;
    if (code.length() > MAX_DML_CHARS) {
      r = DmlResult.unparsed("the statement is longer than " + MAX_DML_CHARS + " characters");
    } else {
      try {
        r = dml.analyze(code, dialect);
      } catch (RuntimeException | StackOverflowError e) {
        r = DmlResult.unparsed(String.valueOf(e.getMessage()));
      }
      if (r == null) {
        r = DmlResult.unparsed("no result");
      }
    }
    if (r.parsed()) {
      findings.addAll(r.findings());
      return;
    }
    dmlFallback(from, to, r.problem() == null ? "not parsed" : r.problem());
  }

  /** Decides DML from tokens when the parser could not read it; anything not clearly scoped is reported. */
  private void dmlFallback(int from, int to, String problem) {
    boolean any = false;
    int heads = 0;
    for (int h = from; h < to && heads < 64; h++) {
      String w = kw(h);
      if (!(w.equals("DELETE") || w.equals("UPDATE") || w.equals("MERGE")) || !isDmlHeadAt(h, from)) {
        continue;
      }
      any = true;
      heads++;
      int end = groupEnd(h, to);
      if (w.equals("MERGE")) {
        if (containsPair(h, end, "THEN", "DELETE") || containsPair(h, end, "THEN", "UPDATE")) {
          findings.add(unparseable("MERGE that deletes or updates matched rows, which DropGuard could not read: "
              + problem));
        }
        continue;
      }
      boolean where = false;
      boolean currentOf = false;
      int d = 0;
      for (int j = h + 1; j < end; j++) {
        Type ty = t.get(j).type();
        if (ty == Type.LPAREN) {
          d++;
        } else if (ty == Type.RPAREN) {
          d--;
        } else if (d == 0 && t.get(j).is("WHERE")) {
          where = true;
          currentOf = kw(j + 1).equals("CURRENT") && kw(j + 2).equals("OF");
        }
      }
      if (currentOf) {
        continue;
      }
      List<ObjectName> targets = dmlTargets(h, end);
      if (!where) {
        boolean del = w.equals("DELETE");
        String limited = containsWord(h, end, "LIMIT") || containsWord(h, end, "TOP") ? " (a LIMIT or TOP "
            + "without a WHERE still picks arbitrary rows)" : "";
        findings.add(new Finding(del ? StatementKind.DELETE_ALL : StatementKind.UPDATE_ALL, "rows", targets,
            (del ? "DELETE" : "UPDATE") + " has no WHERE clause, so it " + (del ? "removes" : "changes")
                + " every row" + limited));
      } else {
        findings.add(new Finding(StatementKind.UNPARSEABLE, "rows", targets,
            w + " with a WHERE DropGuard could not read: " + problem));
      }
    }
    if (!any) {
      findings.add(unparseable("a data-modifying statement DropGuard could not read: " + problem));
    }
  }

  private List<ObjectName> dmlTargets(int h, int end) {
    int i = h + 1;
    while (kw(i).equals("LOW_PRIORITY") || kw(i).equals("QUICK") || kw(i).equals("IGNORE")) {
      i++;
    }
    if (kw(i).equals("TOP") && tokType(i + 1) == Type.LPAREN) {
      i = closes(i + 1) + 1;
    }
    if (kw(i).equals("FROM") || kw(i).equals("INTO")) {
      i++;
    }
    if (kw(i).equals("ONLY")) {
      i++;
    }
    return names(i, end);
  }

  // ---------------------------------------------------------------- EXPLAIN, ANALYZE

  private void explain(int from, int to) {
    int i = from + 1;
    boolean analyze = false;
    if (tokType(i) == Type.LPAREN) {
      int close = closes(i);
      for (int j = i + 1; j < close; j++) {
        if (kw(j).equals("ANALYZE") || kw(j).equals("ANALYSE")) {
          String v = j + 1 < close ? t.get(j + 1).text().toUpperCase(Locale.ROOT) : "";
          analyze = !(v.equals("FALSE") || v.equals("OFF") || v.equals("0"));
        }
      }
      i = close + 1;
    } else {
      while (i < to) {
        String w = kw(i);
        if (w.equals("ANALYZE") || w.equals("ANALYSE")) {
          analyze = true;
          i++;
        } else if (w.equals("VERBOSE") || w.equals("EXTENDED") || w.equals("PARTITIONS") || w.equals("FORMAT")
            || w.equals("JSON") || w.equals("TREE") || w.equals("TRADITIONAL") || t.get(i).text().equals("=")) {
          i++;
        } else {
          break;
        }
      }
    }
    if (analyze && i < to) {
      int before = findings.size();
      classifyPiece(i, to);
      prefix(before, "EXPLAIN ANALYZE runs the statement: ");
    }
  }

  /** MariaDB: ANALYZE [FORMAT=JSON] DELETE ... runs the statement. */
  private void mariaAnalyze(int from, int to) {
    int i = from + 1;
    if (kw(i).equals("FORMAT")) {
      i += 3;
    }
    String w = kw(i);
    if (w.equals("DELETE") || w.equals("UPDATE") || w.equals("SELECT") || w.equals("INSERT")
        || w.equals("REPLACE")) {
      int before = findings.size();
      classifyPiece(i, to);
      prefix(before, "ANALYZE runs the statement: ");
    }
  }

  // ---------------------------------------------------------------- dynamic SQL

  private boolean isTransactionBegin(int from, int to) {
    String n = kw(from + 1);
    return from + 1 >= to || n.equals("TRANSACTION") || n.equals("WORK") || n.equals("TRAN") || n.equals("ISOLATION")
        || n.equals("READ") || n.equals("DEFERRABLE") || n.equals("NOT") || n.equals("DISTRIBUTED");
  }

  private void doBlock(int from, int to) {
    String language = "plpgsql";
    Token body = null;
    for (int i = from + 1; i < to; i++) {
      if (t.get(i).is("LANGUAGE") && i + 1 < to) {
        language = t.get(i + 1).value().toLowerCase(Locale.ROOT);
        i++;
      } else if (t.get(i).type() == Type.STRING && body == null) {
        body = t.get(i);
      }
    }
    if (body == null) {
      return;
    }
    if (!language.equals("plpgsql") && !language.equals("sql")) {
      if (mentionsDanger(body.value())) {
        findings.add(unparseable("DO block in language " + language + " that DropGuard cannot read mentions "
            + firstDanger(body.value())));
      }
      return;
    }
    List<StatementAnalysis> inner = nestedBody(body.value());
    addNested(inner, "the DO block runs ");
  }

  /** A procedural body (PL/pgSQL, PL/SQL, T-SQL): every statement in it that starts destructively is analysed. */
  private void scanBody(int from, int to) {
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i == to || t.get(i).type() == Type.SEMICOLON) {
        if (i > start) {
          for (int[] p : bodyPieces(start, i)) {
            String head = kw(p[0]);
            if (SPLIT_HEADS.contains(head) || head.equals("PREPARE") || head.equals("DO")) {
              classifyPiece(p[0], p[1]);
            }
          }
        }
        start = i + 1;
      }
    }
  }

  private List<int[]> bodyPieces(int from, int to) {
    List<int[]> pieces = new ArrayList<>();
    int start = from;
    int d = 0;
    for (int i = from; i < to; i++) {
      Type ty = t.get(i).type();
      if (ty == Type.LPAREN) {
        d++;
      } else if (ty == Type.RPAREN) {
        d = Math.max(0, d - 1);
      } else if (d == 0 && i > start && isSplitHead(i, start)) {
        pieces.add(new int[] {start, i});
        start = i;
      }
    }
    pieces.add(new int[] {start, to});
    return pieces;
  }

  private void execute(int from, int to) {
    int i = from + 1;
    String head = kw(from);
    if (kw(i).equals("IMMEDIATE")) {
      dynamic(i + 1, to, "EXECUTE IMMEDIATE");
      return;
    }
    if (inBody && (dialect == Dialect.POSTGRES || dialect == Dialect.GENERIC)) {
      dynamic(i, to, "EXECUTE"); // PL/pgSQL: EXECUTE <string expression>
      return;
    }
    boolean tsql = dialect == Dialect.SQLSERVER || dialect == Dialect.GENERIC;
    if (tsql) {
      if (tokType(i) == Type.LPAREN) {
        dynamic(i, to, head + " (...)");
        return;
      }
      // EXEC [@rc =] proc args
      if (tokType(i) == Type.PARAM && i + 1 < to && t.get(i + 1).text().equals("=")) {
        i += 2;
      }
      if (tokType(i) == Type.PARAM || tokType(i) == Type.STRING) {
        dynamic(i, to, head);
        return;
      }
      ObjectName proc = nameAt(i);
      String procName = proc == null ? "" : proc.name().toLowerCase(Locale.ROOT);
      // master..sp_executesql (database, default schema, procedure): the procedure is the last name
      int afterName = i;
      boolean wantName = true;
      while (afterName < to) {
        if (wantName && t.get(afterName).isName()) {
          procName = t.get(afterName).value().toLowerCase(Locale.ROOT);
          wantName = false;
        } else if (tokType(afterName) == Type.DOT) {
          wantName = true;
        } else {
          break;
        }
        afterName++;
      }
      if (afterName > skipName(i) && (procName.equals("sp_executesql") || procName.equals("sp_sqlexec"))) {
        dynamic(afterName, to, procName);
        return;
      }
      if (procName.equals("sp_executesql") || procName.equals("sp_sqlexec")) {
        dynamic(skipName(i), to, proc.name());
        return;
      }
      if (procName.equals("sp_msforeachtable") || procName.equals("sp_msforeachdb")) {
        dynamic(skipName(i), to, proc.name() + " (for each table or database)");
        return;
      }
      if (procName.equalsIgnoreCase("as")) {
        return; // EXECUTE AS USER = ...: a context switch
      }
      List<Finding> known = proc == null ? List.of() : nested.preparedFindings(proc.toString());
      if (!known.isEmpty()) {
        for (Finding f : known) {
          findings.add(new Finding(f.kind(), f.objectType(), f.targets(),
              head + " " + proc + " runs the statement prepared earlier, which " + f.reason()));
        }
        return;
      }
      notes.add(head + " " + (proc == null ? "" : proc.toString())
          + ": opaque, the procedure's body is not visible to DropGuard");
      return;
    }
    if (dialect == Dialect.ORACLE) {
      notes.add("EXECUTE " + nameText(i) + ": opaque, the procedure's body is not visible to DropGuard");
      return;
    }
    List<Finding> known = nested.preparedFindings(nameText(i));
    if (!known.isEmpty()) {
      for (Finding f : known) {
        findings.add(new Finding(f.kind(), f.objectType(), f.targets(),
            "EXECUTE " + nameText(i) + " runs the statement prepared earlier, which " + f.reason()));
      }
      return;
    }
    notes.add("EXECUTE " + nameText(i) + ": opaque, runs a prepared statement (its text was analysed at PREPARE)");
  }

  private void prepare(int from, int to) {
    int i = skipName(from + 1);
    String name = nameText(from + 1);
    if (kw(i).equals("FROM")) {
      int before = findings.size();
      dynamic(i + 1, to, "PREPARE ... FROM");
      nested.prepared(name, findings.subList(before, findings.size()));
      return;
    }
    if (tokType(i) == Type.LPAREN) {
      i = closes(i) + 1;
    }
    if (kw(i).equals("AS") && i + 1 < to) {
      int before = findings.size();
      classifyPiece(i + 1, to);
      prefix(before, "PREPARE " + name + " AS prepares a statement that ");
      nested.prepared(name, findings.subList(before, findings.size()));
    }
  }

  /**
   * The SQL text of a dynamic statement starting at {@code from}: string literals joined by || or + are analysed;
   * anything built at run time is unparseable when it might be destructive.
   */
  private void dynamic(int from, int to, String via) {
    int end = from;
    int d = 0;
    while (end < to) {
      Token k = t.get(end);
      if (k.type() == Type.LPAREN) {
        d++;
      } else if (k.type() == Type.RPAREN) {
        d--;
        if (d < 0) {
          break;
        }
      } else if (d == 0 && (k.type() == Type.COMMA || k.type() == Type.SEMICOLON || k.is("USING") || k.is("INTO")
          || k.is("LOOP") || k.is("THEN") || k.is("ELSE") || k.is("END"))) {
        break;
      }
      end++;
    }
    StringBuilder text = new StringBuilder();
    boolean literalOnly = true;
    boolean anyLiteral = false;
    List<String> literals = new ArrayList<>();
    for (int i = from; i < end; i++) {
      Token k = t.get(i);
      if (k.type() == Type.STRING) {
        String v = dynamicText(i);
        if (v == null) {
          findings.add(unparseable(via + " runs the text of a " + k.prefix() + "'...' literal, which DropGuard does "
              + "not decode; it cannot see what it will run"));
          return;
        }
        text.append(v);
        literals.add(v);
        anyLiteral = true;
      } else if (k.type() == Type.LPAREN || k.type() == Type.RPAREN
          || (k.type() == Type.OPERATOR && (k.text().equals("||") || k.text().equals("+")))) {
        continue;
      } else {
        literalOnly = false;
        if (k.type() == Type.WORD && k.keyword().equals("N") && i + 1 < end && tokType(i + 1) == Type.STRING) {
          continue;
        }
      }
    }
    if (anyLiteral && literalOnly) {
      String sql = text.toString();
      if (via.contains("for each")) {
        sql = sql.replace("?", "x");
      }
      if (depth + 1 > MAX_DEPTH) {
        findings.add(unparseable(via + " nests dynamic SQL deeper than " + MAX_DEPTH + " levels"));
        return;
      }
      addNested(nested.analyze(sql, rules, depth + 1), via + " runs ");
      return;
    }
    builtAtRunTime(from, end, via, anyLiteral);
  }

  /**
   * The SQL text a string literal holds when it is run as dynamic SQL: hex literals ({@code X'44524F50...'}, which
   * MySQL's PREPARE ... FROM runs as text) and PostgreSQL {@code U&'\\0044ROP ...'} decoded; null when DropGuard
   * cannot decode it (bit strings, {@code U&'...' UESCAPE '!'}), so that the caller fails closed.
   */
  private String dynamicText(int i) {
    Token k = t.get(i);
    String v = k.value();
    switch (k.prefix()) {
      case "X":
        return hexText(v);
      case "B":
        return null;
      case "U&":
        return i + 1 < t.size() && t.get(i + 1).is("UESCAPE") ? null : unicodeEscapes(v);
      default:
        return v;
    }
  }

  private static String hexText(String hex) {
    String h = hex.replaceAll("\\s+", "");
    if (h.length() % 2 != 0) {
      return null;
    }
    byte[] bytes = new byte[h.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      int hi = Character.digit(h.charAt(2 * i), 16);
      int lo = Character.digit(h.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        return null;
      }
      bytes[i] = (byte) (hi * 16 + lo);
    }
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** PostgreSQL's U&'' escapes with the default escape character: {@code \\XXXX}, {@code \\+XXXXXX}, {@code \\\\}. */
  private static String unicodeEscapes(String v) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < v.length()) {
      char c = v.charAt(i);
      if (c != '\\') {
        b.append(c);
        i++;
        continue;
      }
      if (i + 1 < v.length() && v.charAt(i + 1) == '\\') {
        b.append('\\');
        i += 2;
        continue;
      }
      int from = i + 1;
      int len = 4;
      if (from < v.length() && v.charAt(from) == '+') {
        from++;
        len = 6;
      }
      if (from + len > v.length()) {
        return null;
      }
      int code;
      try {
        code = Integer.parseInt(v.substring(from, from + len), 16);
      } catch (NumberFormatException e) {
        return null;
      }
      if (!Character.isValidCodePoint(code)) {
        return null;
      }
      b.appendCodePoint(code);
      i = from + len;
    }
    return b.toString();
  }

  /**
   * Dynamic SQL built from values at run time. When it starts with visible text (a literal, or format's template),
   * the text is analysed with every value replaced by a placeholder name: DDL that would destroy, and every DML
   * (whose WHERE the values decide), is unparseable. When it starts with a value, nothing is visible: unparseable.
   */
  private void builtAtRunTime(int from, int end, String via, boolean anyLiteral) {
    int i = from;
    while (i < end && tokType(i) == Type.LPAREN) {
      i++;
    }
    if (i < end && kw(i).equals("N") && tokType(i + 1) == Type.STRING) {
      i++;
    }
    String template = null;
    if (i < end && tokType(i) == Type.STRING) {
      StringBuilder b = new StringBuilder();
      int d = 0;
      boolean inValue = false;
      for (int k = i; k < end; k++) {
        Token x = t.get(k);
        boolean concat = x.type() == Type.OPERATOR && (x.text().equals("||") || x.text().equals("+"));
        if (x.type() == Type.LPAREN) {
          d++;
        } else if (x.type() == Type.RPAREN) {
          d--;
        }
        if (x.type() == Type.STRING && !inValue) {
          b.append(x.value());
        } else if (concat && d <= 0) {
          inValue = false;
        } else if (!inValue && x.type() != Type.RPAREN && x.type() != Type.LPAREN) {
          b.append(" x ");
          inValue = true;
        } else if (!inValue && x.type() == Type.LPAREN) {
          b.append(" x ");
          inValue = true;
        }
      }
      template = b.toString();
    } else if (i + 2 < end && kw(i).equals("FORMAT") && tokType(i + 1) == Type.LPAREN
        && tokType(i + 2) == Type.STRING) {
      template = t.get(i + 2).value().replaceAll("%(\\d+\\$)?-?[0-9]*[IsL]", " x ");
    }
    if (template == null) {
      String held = from < end ? "'" + TokenRenderer.normalized(t, from, Math.min(end, from + 6)) + "'" : "a variable";
      findings.add(unparseable(via + " runs SQL held in " + held + ", built at run time; DropGuard cannot see what it "
          + "will run"));
      return;
    }
    if (depth + 1 > MAX_DEPTH) {
      findings.add(unparseable(via + " nests dynamic SQL deeper than " + MAX_DEPTH + " levels"));
      return;
    }
    String shown = template.strip().replaceAll("\\s+", " ");
    if (shown.length() > 80) {
      shown = shown.substring(0, 80) + "...";
    }
    for (StatementAnalysis s : nested.analyze(template, rules, depth + 1)) {
      String head = s.normalized().isEmpty() ? "" : s.normalized().split(" ", 2)[0].toUpperCase(Locale.ROOT);
      boolean dml = head.equals("DELETE") || head.equals("UPDATE") || head.equals("MERGE");
      if (!s.findings().isEmpty() || dml && s.normalized().contains(" x ")) {
        String why = s.findings().isEmpty() ? "the values decide which rows it touches"
            : s.findings().get(0).reason();
        findings.add(unparseable(via + " builds its SQL at run time from '" + shown + "' (x = a value); DropGuard "
            + "cannot see what it will run, and read so it is destructive: " + why));
        return;
      }
    }
  }

  private List<StatementAnalysis> nestedBody(String body) {
    SqlLexer.Lexed lexed = SqlLexer.lex(body, rules);
    if (depth + 1 > MAX_DEPTH) {
      return List.of(new StatementAnalysis(body, body, List.of(unparseable("blocks nested deeper than "
          + MAX_DEPTH + " levels"))));
    }
    KindClassifier inner = new KindClassifier(rules, lexed.tokens(), depth + 1, true, dml, nested);
    Result r = inner.classify();
    List<Finding> f = new ArrayList<>(r.findings());
    if (!lexed.problems().isEmpty() && mentionsDanger(body)) {
      f.add(unparseable("the block has " + lexed.problems().get(0) + " and mentions " + firstDanger(body)));
    }
    return List.of(new StatementAnalysis(body, TokenRenderer.normalized(lexed.tokens(), 0, lexed.tokens().size()),
        f, r.notes()));
  }

  private void addNested(List<StatementAnalysis> inner, String via) {
    for (StatementAnalysis s : inner) {
      for (Finding f : s.findings()) {
        findings.add(new Finding(f.kind(), f.objectType(), f.targets(), via + lowerFirst(f.reason())));
      }
      notes.addAll(s.notes());
    }
  }

  private static String lowerFirst(String s) {
    return s;
  }

  private static boolean mentionsDanger(String text) {
    return !firstDanger(text).isEmpty();
  }

  /** The first destructive word (DROP, TRUNCATE, DELETE, UPDATE, ALTER, MERGE) in text, or empty. */
  static String firstDanger(String text) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isLetter(c)) {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
          j++;
        }
        if (j - i >= 4 && j - i <= 8) {
          String w = text.substring(i, j).toUpperCase(Locale.ROOT);
          switch (w) {
            case "DROP":
            case "TRUNCATE":
            case "DELETE":
            case "UPDATE":
            case "ALTER":
            case "MERGE":
              return w;
            default:
              break;
          }
        }
        i = j;
      } else {
        i++;
      }
    }
    return "";
  }

  // ---------------------------------------------------------------- CREATE

  private void create(int from, int to) {
    if (dialect == Dialect.MYSQL || dialect == Dialect.GENERIC) {
      event(from, to);
    }
    if (kw(from + 1).equals("OR") && kw(from + 2).equals("REPLACE")) {
      int i = from + 3;
      boolean temp = false;
      while (kw(i).equals("TEMPORARY") || kw(i).equals("TEMP") || kw(i).equals("GLOBAL")) {
        temp = true;
        i++;
      }
      if (kw(i).equals("TABLE")) {
        ObjectName n = nameAt(i + 1);
        String type = temp ? "temporary table" : "table";
        findings.add(new Finding(StatementKind.DROP_TABLE, type, n == null ? List.of() : List.of(n),
            "CREATE OR REPLACE TABLE drops the existing " + type + " and its rows before creating it again"));
      }
    }
  }

  /**
   * MySQL's {@code CREATE EVENT ... DO <statement>}: the server runs the body by itself, at once for
   * {@code ON SCHEDULE AT CURRENT_TIMESTAMP}; it is classified like the statement it is.
   */
  private void event(int from, int to) {
    int i = from + 1;
    while (i < to && !kw(i).equals("EVENT")) {
      if (kw(i).equals("TABLE") || kw(i).equals("TRIGGER") || kw(i).equals("PROCEDURE")
          || kw(i).equals("FUNCTION") || kw(i).equals("VIEW")) {
        return;
      }
      i++;
    }
    int d = 0;
    for (int k = i + 1; k < to; k++) {
      Type ty = tokType(k);
      if (ty == Type.LPAREN) {
        d++;
      } else if (ty == Type.RPAREN) {
        d--;
      } else if (d == 0 && kw(k).equals("DO") && k + 1 < to) {
        int before = findings.size();
        if (kw(k + 1).equals("BEGIN")) {
          scanBody(k + 2, to);
        } else {
          classifyPiece(k + 1, to);
        }
        prefix(before, "CREATE EVENT runs, on its schedule: ");
        return;
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Marks the statement unparseable when it holds non-ASCII white space between words in a DML statement. */
  static Finding unicodeSpaceFinding(String sql, List<Token> tokens, Dialect dialect) {
    boolean dmlish = false;
    for (Token k : tokens) {
      if (k.is("DELETE") || k.is("UPDATE") || k.is("MERGE")) {
        dmlish = true;
        break;
      }
    }
    if (!dmlish) {
      return null;
    }
    for (int i = 0; i + 1 < tokens.size(); i++) {
      int a = tokens.get(i).end();
      int b = tokens.get(i + 1).start();
      for (int k = a; k < b && k < sql.length(); k++) {
        char c = sql.charAt(k);
        if (SqlLexer.isUnicodeSpace(c)) {
          return unparseable(String.format("the statement holds the white space U+%04X between words, which "
              + "%s may read as part of a name; DropGuard cannot tell what the WHERE applies to", (int) c,
              dialect == Dialect.GENERIC ? "the database" : dialect.id()));
        }
      }
    }
    return null;
  }

  static Finding unparseable(String reason) {
    return new Finding(StatementKind.UNPARSEABLE, "statement", List.of(), reason);
  }

  private void prefix(int fromIndex, String text) {
    for (int k = fromIndex; k < findings.size(); k++) {
      Finding f = findings.get(k);
      findings.set(k, new Finding(f.kind(), f.objectType(), f.targets(), text + f.reason()));
    }
  }

  private String kw(int i) {
    return i >= 0 && i < t.size() ? t.get(i).keyword() : "";
  }

  private Type tokType(int i) {
    return i >= 0 && i < t.size() ? t.get(i).type() : null;
  }

  private boolean wordsAt(int i, String[] words) {
    for (int k = 0; k < words.length; k++) {
      if (!kw(i + k).equals(words[k])) {
        return false;
      }
    }
    return true;
  }

  private boolean containsWord(int from, int to, String w) {
    int[] at = wordAt.computeIfAbsent(w, k -> {
      int[] buf = new int[16];
      int n = 0;
      for (int i = 0; i < t.size(); i++) {
        if (t.get(i).is(k)) {
          if (n == buf.length) {
            buf = java.util.Arrays.copyOf(buf, n * 2);
          }
          buf[n++] = i;
        }
      }
      return java.util.Arrays.copyOf(buf, n);
    });
    int k = java.util.Arrays.binarySearch(at, Math.max(0, from));
    int idx = k >= 0 ? k : -k - 1;
    return idx < at.length && at[idx] < to;
  }

  private boolean containsPair(int from, int to, String a, String b) {
    for (int i = from; i + 1 < to; i++) {
      if (t.get(i).is(a) && t.get(i + 1).is(b)) {
        return true;
      }
    }
    return false;
  }

  /** Index of the parenthesis closing the one at {@code open} (or the last token when it never closes). */
  private int closes(int open) {
    if (open >= 0 && open < t.size() && match[open] >= 0) {
      return match[open];
    }
    return t.size() - 1;
  }

  /** End (exclusive) of the parenthesised group that holds {@code h}, or {@code to}. */
  private int groupEnd(int h, int to) {
    int d = 0;
    for (int i = h; i < to; i++) {
      Type ty = t.get(i).type();
      if (ty == Type.LPAREN) {
        d++;
      } else if (ty == Type.RPAREN) {
        d--;
        if (d < 0) {
          return i;
        }
      }
    }
    return to;
  }

  /** A dotted name at {@code i}, folded as the dialect folds it, or null. */
  private ObjectName nameAt(int i) {
    List<String> parts = new ArrayList<>();
    int j = i;
    while (j < t.size() && parts.size() < 5) {
      Token k = t.get(j);
      if (k.type() == Type.WORD || k.type() == Type.QUOTED_IDENT) {
        parts.add(k.value());
      } else if ((k.type() == Type.STRING || k.type() == Type.PARAM) && parts.isEmpty()) {
        parts.add(k.type() == Type.STRING ? k.value() : k.text());
      } else {
        break;
      }
      if (j + 1 < t.size() && t.get(j + 1).type() == Type.DOT) {
        j += 2;
      } else {
        break;
      }
    }
    return parts.isEmpty() ? null : new ObjectName(parts);
  }

  private int skipName(int i) {
    int j = i;
    while (j < t.size() && (t.get(j).isName() || t.get(j).type() == Type.PARAM
        || (j == i && t.get(j).type() == Type.STRING))) {
      if (j + 1 < t.size() && t.get(j + 1).type() == Type.DOT) {
        j += 2;
      } else {
        return j + 1;
      }
    }
    return j;
  }

  private String nameText(int i) {
    ObjectName n = nameAt(i);
    return n == null ? "" : n.toString();
  }

  /** A comma-separated list of names starting at {@code i}, each possibly followed by (args) or *. */
  private List<ObjectName> names(int i, int to) {
    List<ObjectName> out = new ArrayList<>();
    int j = i;
    while (j < to && out.size() < 1000) {
      if (kw(j).equals("ONLY")) {
        j++;
      }
      ObjectName n = nameAt(j);
      if (n == null) {
        break;
      }
      if (!isStopWord(t.get(j))) {
        out.add(n);
      } else {
        break;
      }
      j = skipName(j);
      if (j < to && t.get(j).type() == Type.PARAM && t.get(j).text().startsWith("@")) {
        j++; // MySQL 'user'@'host'
      }
      if (j < to && t.get(j).type() == Type.LPAREN) {
        j = closes(j) + 1;
      }
      if (j < to && t.get(j).text().equals("*")) {
        j++;
      }
      if (j < to && t.get(j).type() == Type.COMMA) {
        j++;
        continue;
      }
      break;
    }
    return out;
  }

  private static boolean isStopWord(Token k) {
    if (k.type() != Type.WORD) {
      return false;
    }
    switch (k.keyword()) {
      case "CASCADE":
      case "RESTRICT":
      case "WHERE":
      case "SET":
      case "USING":
      case "ON":
      case "RESTART":
      case "CONTINUE":
      case "PURGE":
      case "WITH":
        return true;
      default:
        return false;
    }
  }
}
