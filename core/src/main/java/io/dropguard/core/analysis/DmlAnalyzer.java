package io.dropguard.core.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides DELETE, UPDATE, MERGE and statements with data-modifying CTEs from a full parse (JSqlParser, behind
 * {@link SqlParser}), with predicate semantics behind {@link ScopeCheck}. Stateless and thread-safe; never
 * throws.
 */
final class DmlAnalyzer {
  /** {@code WHERE CURRENT OF cursor}: a positioned DELETE/UPDATE, which JSqlParser cannot read. */
  private static final Pattern CURRENT_OF =
      Pattern.compile(
          "(?i)\\s+WHERE\\s+CURRENT\\s+OF\\s+(\"[^\"]*\"|`[^`]*`|[\\w$]+)(\\s+RETURNING\\s+[^']*)?\\s*$");

  /** H2/standard {@code FETCH FIRST n ROWS ONLY} on DELETE/UPDATE, which JSqlParser cannot read there. */
  private static final Pattern FETCH =
      Pattern.compile("(?i)\\s+(FETCH\\s+(?:FIRST|NEXT)\\s+(?:[\\w?]+\\s+)?ROWS?\\s+ONLY)\\s*$");

  /** SQL Server's {@code DELETE FROM t FROM t JOIN ...}: the first FROM is optional noise. */
  private static final Pattern SQLSERVER_DELETE_FROM_FROM =
      Pattern.compile("(?i)^(\\s*DELETE)\\s+FROM\\s+([\\w.\\[\\]\"`]+)\\s+FROM\\s+");

  /** SQL Server's {@code WHEN NOT MATCHED BY SOURCE}: target rows with no partner in the source. */
  private static final Pattern BY_SOURCE = Pattern.compile("(?i)WHEN\\s+NOT\\s+MATCHED\\s+BY\\s+SOURCE");

  /** PostgreSQL's {@code DELETE FROM ONLY t} / {@code UPDATE ONLY t}: same rows for scope purposes. */
  private static final Pattern ONLY = Pattern.compile("(?i)^(\\s*(?:DELETE\\s+FROM|UPDATE))\\s+ONLY\\s+");

  /** SQL Server's {@code DELETE TOP (n) [PERCENT]} / {@code UPDATE TOP (n)}, which JSqlParser cannot read. */
  private static final Pattern TOP =
      Pattern.compile(
          "(?i)^(\\s*(?:DELETE|UPDATE))\\s+(TOP\\s*(?:\\(\\s*[^()]*\\s*\\)|\\d+)(?:\\s+PERCENT)?)\\s+");

  /**
   * @param sql one statement as the lexer renders it: comments removed, executable comments' content kept,
   *     single spaces between tokens, no trailing semicolon
   * @return the findings (empty when every DML part is scoped or there is none), or
   *     {@link DmlResult#unparsed(String)} when the statement could not be parsed
   */
  DmlResult analyze(String sql, Dialect dialect) {
    if (DmlFastPath.scoped(sql)) {
      return SCOPED;
    }
    return analyzeFully(sql, dialect);
  }

  private static final DmlResult SCOPED = DmlResult.of(List.of());

  /** The analysis without the parser-free shortcut (tests compare the two). */
  DmlResult analyzeFully(String sql, Dialect dialect) {
    try {
      return analyzeOrThrow(sql, dialect == null ? Dialect.GENERIC : dialect);
    } catch (RuntimeException | StackOverflowError e) {
      return DmlResult.unparsed("DML analysis failed: " + e.getClass().getSimpleName());
    }
  }

  private static final java.util.List<String> AFTER_SET = java.util.List.of("FROM", "WHERE", "RETURNING", "ORDER", "LIMIT");

  /** {@code UPDATE t SET <anything> WHERE ...} with the SET list replaced by one plain assignment, or null. */
  static String withSurrogateSetList(String text) {
    if (!text.regionMatches(true, 0, "UPDATE ", 0, 7)) {
      return null;
    }
    int set = -1;
    int end = text.length();
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (depth == 0 && (i == 0 || text.charAt(i - 1) == ' ')) {
        if (set < 0 && word(text, i, "SET")) {
          set = i;
        } else if (set >= 0) {
          for (String k : AFTER_SET) {
            if (word(text, i, k)) {
              end = i;
              break;
            }
          }
          if (end != text.length()) {
            break;
          }
        }
      }
    }
    if (set < 0) {
      return null;
    }
    String rest = end < text.length() ? " " + text.substring(end) : "";
    return text.substring(0, set) + "SET dropguard_surrogate = NULL" + rest;
  }

  private static boolean word(String text, int at, String w) {
    int end = at + w.length();
    return text.regionMatches(true, at, w, 0, w.length())
        && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)) && text.charAt(end) != '_');
  }

  private DmlResult analyzeOrThrow(String sql, Dialect dialect) {
    if (sql == null) {
      return DmlResult.unparsed("no statement");
    }
    String text = sql;
    boolean positioned = false;
    Matcher current = CURRENT_OF.matcher(text);
    if (current.find()) {
      positioned = true;
      text = text.substring(0, current.start()) + (current.group(2) == null ? "" : current.group(2));
    }
    String fetch = null;
    Matcher fetchMatch = FETCH.matcher(text);
    if (fetchMatch.find() && !text.regionMatches(true, 0, "SELECT", 0, 6)) {
      fetch = fetchMatch.group(1);
      text = text.substring(0, fetchMatch.start());
    }
    text = ONLY.matcher(text).replaceFirst("$1 ");
    text = SQLSERVER_DELETE_FROM_FROM.matcher(text).replaceFirst("$1 $2 FROM ");
    boolean bySource = false;
    Matcher bySourceMatch = BY_SOURCE.matcher(text);
    if (text.regionMatches(true, 0, "MERGE", 0, 5) && bySourceMatch.find()) {
      // JSqlParser cannot read NOT MATCHED BY SOURCE; read it as MATCHED and judge its actions without ON
      bySource = true;
      text = bySourceMatch.replaceAll("WHEN MATCHED");
    }
    String top = null;
    Matcher topMatch = TOP.matcher(text);
    if (topMatch.find()) {
      top = topMatch.group(2).replaceAll("\\s+", " ");
      text = topMatch.group(1) + " " + text.substring(topMatch.end());
    }
    SqlParser.Result parsed = SqlParser.parse(text, dialect);
    if (!parsed.parsed()) {
      // The SET list does not decide which rows change; when only it defeats the parser (array subscripts,
      // SET (a, b) = ROW(...), ...), parse the statement with a stand-in SET list.
      String surrogate = withSurrogateSetList(text);
      SqlParser.Result retry = surrogate == null ? parsed : SqlParser.parse(surrogate, dialect);
      if (!retry.parsed()) {
        return DmlResult.unparsed(parsed.problem());
      }
      parsed = retry;
    }
    List<DmlPart> parts = DmlStatementReader.read(parsed.statement(), dialect);
    // same target, same kind, same reason: one finding with all targets
    Map<String, List<ObjectName>> targets = new LinkedHashMap<>();
    Map<String, StatementKind> kinds = new LinkedHashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      DmlPart part = parts.get(i);
      if (top == null) {
        top = fetch;
      }
      if (i == 0 && (positioned || top != null)) {
        part =
            new DmlPart(
                part.form(),
                part.target(),
                part.where(),
                part.whereText(),
                part.others(),
                part.limit() != null ? part.limit() : top,
                positioned);
      }
      if (bySource && part.form() == DmlPart.Form.MERGE_UPDATE) {
        part = new DmlPart(part.form(), part.target(), null, null, part.others(), part.limit(), false);
      }
      ScopeCheck.Verdict v = ScopeCheck.check(part, dialect);
      if (bySource && !v.scoped()) {
        v =
            ScopeCheck.Verdict.unscoped(
                "MERGE ... WHEN NOT MATCHED BY SOURCE acts on every row of "
                    + part.target()
                    + " that has no partner in the source, and nothing restricts those rows by their own values");
      }
      if (v.scoped()) {
        continue;
      }
      String key = part.form().kind.id() + "\u0000" + v.reason();
      kinds.put(key, part.form().kind);
      List<ObjectName> list = targets.computeIfAbsent(key, k -> new ArrayList<>());
      if (!list.contains(part.target())) {
        list.add(part.target());
      }
    }
    List<Finding> findings = new ArrayList<>();
    for (Map.Entry<String, List<ObjectName>> e : targets.entrySet()) {
      String reason = e.getKey().substring(e.getKey().indexOf('\u0000') + 1);
      findings.add(new Finding(kinds.get(e.getKey()), "rows", e.getValue(), reason));
    }
    return DmlResult.of(findings);
  }
}
