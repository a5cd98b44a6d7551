package io.dropguard.core.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Entry point of the analysis: SQL text in, {@link Analysis} out. Thread-safe, never throws, bounded work per
 * statement, and a bounded cache keyed by the exact text.
 *
 * <p>Most traffic is SELECT and INSERT: a statement that starts so and holds none of the words that can start
 * something destructive is decided from its tokens alone, without any parse. Everything else is classified by
 * {@link KindClassifier}; DML goes on to {@link DmlAnalyzer}.
 *
 * <p>For {@link Dialect#GENERIC}, and for MySQL text with backslashes (the server may run with
 * NO_BACKSLASH_ESCAPES), the text is also read under the other plausible lexical rules, and every finding of any
 * reading is reported: an unknown database must not let a statement hide behind a comment or quote rule DropGuard
 * guessed wrong.
 */
public final class SqlAnalyzer {
  private static final SqlAnalyzer SHARED = new SqlAnalyzer();
  /** Work bound: longer text is analysed only when it cannot be destructive. */
  static final int MAX_SQL_CHARS = 16_000_000;
  /** Work bound for one statement's classification. */
  static final int MAX_STATEMENT_TOKENS = 200_000;

  private static final List<LexRules> GENERIC_READINGS =
      List.of(LexRules.POSTGRES, LexRules.MYSQL_ANSI_QUOTES, LexRules.SQLSERVER, LexRules.ORACLE, LexRules.H2);

  private final DmlAnalyzer dml = new DmlAnalyzer();
  /**
   * What statements prepared by name destroy (PREPARE p AS ..., PREPARE s FROM '...'), so that a later EXECUTE of
   * that name says so. Names are per session in the database; here they are shared by every connection, which can
   * only make DropGuard report more. Bounded; a statement that holds an EXECUTE is never cached.
   */
  private final Map<String, List<Finding>> prepared = Collections.synchronizedMap(
      new LinkedHashMap<String, List<Finding>>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Finding>> eldest) {
          return size() > 1024;
        }
      });
  private final KindClassifier.Nested nested = new KindClassifier.Nested() {
    @Override
    public List<StatementAnalysis> analyze(String sql, LexRules rules, int depth) {
      return nestedStatements(sql, rules, depth);
    }

    @Override
    public void prepared(String name, List<Finding> findings) {
      if (name.isEmpty()) {
        return;
      }
      if (findings.isEmpty()) {
        prepared.remove(name);
      } else {
        prepared.put(name, List.copyOf(findings));
      }
    }

    @Override
    public List<Finding> preparedFindings(String name) {
      List<Finding> f = prepared.get(name);
      return f == null ? List.of() : f;
    }
  };
  private final AnalysisCache cache = new AnalysisCache(8192, 16_000_000L);
  /** Texts the one-pass scan found harmless (in any dialect), so that a repeated one is not scanned again. */
  private final ScannedTexts scanned = new ScannedTexts();

  /** The process-wide analyzer (its cache is shared by every connection). */
  public static SqlAnalyzer shared() {
    return SHARED;
  }

  /**
   * Analyses a SQL string (one or several statements). Never throws: what cannot be analysed and might be
   * destructive is reported as {@link StatementKind#UNPARSEABLE}.
   *
   * @param dialect the database's dialect; null means {@link Dialect#GENERIC}
   */
  public Analysis analyze(String sql, Dialect dialect) {
    String s = sql == null ? "" : sql;
    Dialect d = dialect == null ? Dialect.GENERIC : dialect;
    Analysis cached = cache.get(s, d);
    if (cached != null) {
      return cached;
    }
    Analysis a = compute(s, d, true);
    if (!executesPrepared(a)) {
      cache.put(s, d, a);
    }
    return a;
  }

  /**
   * Whether {@code sql} is certainly harmless, decided without analysing it: from the cache when the text was
   * analysed before, else in one pass over its characters (no tokens), which recognises a single SELECT, INSERT,
   * VALUES or SHOW that every dialect reads alike and that holds no word that can start something destructive,
   * and the simply scoped DELETE and UPDATE. True only when {@link #analyze} would find nothing; false means only
   * that the text needs {@link #analyze}.
   *
   * @param dialect the database's dialect; null means {@link Dialect#GENERIC}
   */
  public boolean certainlyHarmless(String sql, Dialect dialect) {
    if (sql == null) {
      return false;
    }
    if (scanned.contains(sql)) {
      return true;
    }
    Analysis cached = cache.get(sql, dialect == null ? Dialect.GENERIC : dialect);
    if (cached != null) {
      return !cached.isDestructive();
    }
    if (HarmlessScan.harmless(sql)) {
      scanned.add(sql);
      return true;
    }
    return false;
  }


  /** The analysis without the fast path and without the cache: every statement fully classified. For tests. */
  Analysis analyzeWithoutFastPath(String sql, Dialect dialect) {
    return compute(sql == null ? "" : sql, dialect == null ? Dialect.GENERIC : dialect, false);
  }

  /** EXECUTE's verdict depends on what was prepared before, so it is never cached. */
  private static boolean executesPrepared(Analysis a) {
    for (StatementAnalysis s : a.statements()) {
      String n = s.normalized();
      if (n.regionMatches(true, 0, "EXECUTE", 0, 7) || n.regionMatches(true, 0, "EXEC ", 0, 5)) {
        return true;
      }
    }
    return false;
  }

  private record Located(int start, int end, StatementAnalysis analysis) {}

  private Analysis compute(String sql, Dialect dialect, boolean fast) {
    try {
      if (sql.length() > MAX_SQL_CHARS) {
        return oversize(sql);
      }
      List<Located> primary = statements(sql, LexRules.of(dialect), 0, fast);
      for (LexRules alt : readings(sql, dialect)) {
        if (sameTokens(sql, LexRules.of(dialect), alt)) {
          continue;
        }
        merge(primary, statements(sql, alt, 0, fast), alt);
      }
      List<StatementAnalysis> out = new ArrayList<>(primary.size());
      for (Located l : primary) {
        out.add(l.analysis());
      }
      return new Analysis(out);
    } catch (RuntimeException | StackOverflowError e) {
      // fail closed, but only where the text could be destructive
      String danger = KindClassifier.firstDanger(sql);
      List<Finding> f = danger.isEmpty() ? List.of() : List.of(KindClassifier.unparseable(
          "DropGuard failed while analysing a statement that mentions " + danger + " (" + e + ")"));
      return new Analysis(List.of(new StatementAnalysis(sql, sql.strip(), f)));
    }
  }

  private static List<LexRules> readings(String sql, Dialect dialect) {
    if (dialect == Dialect.GENERIC) {
      return GENERIC_READINGS;
    }
    if (dialect == Dialect.MYSQL && sql.indexOf('\\') >= 0) {
      return List.of(LexRules.MYSQL_NO_BACKSLASH);
    }
    return List.of();
  }

  private static boolean sameTokens(String sql, LexRules a, LexRules b) {
    List<Token> x = SqlLexer.lex(sql, a).tokens();
    List<Token> y = SqlLexer.lex(sql, b).tokens();
    if (x.size() != y.size()) {
      return false;
    }
    for (int i = 0; i < x.size(); i++) {
      Token p = x.get(i);
      Token q = y.get(i);
      if (p.type() != q.type() || p.start() != q.start() || p.end() != q.end()) {
        return false;
      }
    }
    return true;
  }

  /** Adds to the primary statements every finding another reading made that they lack. */
  private static void merge(List<Located> primary, List<Located> other, LexRules reading) {
    for (Located o : other) {
      for (Finding f : o.analysis().findings()) {
        int target = -1;
        for (int i = 0; i < primary.size(); i++) {
          Located p = primary.get(i);
          if (p.start() < o.end() && o.start() < p.end()) {
            target = i;
            break;
          }
        }
        if (target < 0) {
          target = primary.isEmpty() ? -1 : primary.size() - 1;
        }
        if (target < 0) {
          primary.add(new Located(o.start(), o.end(), new StatementAnalysis(o.analysis().text(),
              o.analysis().normalized(), List.of(reread(f, reading)))));
          continue;
        }
        Located p = primary.get(target);
        if (f.kind() == StatementKind.UNPARSEABLE && p.start() == o.start() && sameHead(p, o)
            && !p.analysis().kinds().contains(StatementKind.UNPARSEABLE)) {
          // the same statement, which this reading cannot parse (`a[2]` read as a bracketed name): the primary
          // reading decided it; a reading that reveals something hidden reveals another statement
          continue;
        }
        boolean known = p.analysis().findings().stream()
            .anyMatch(g -> g.kind() == f.kind() && g.targets().equals(f.targets()));
        if (!known) {
          List<Finding> fs = new ArrayList<>(p.analysis().findings());
          fs.add(reread(f, reading));
          primary.set(target, new Located(p.start(), p.end(), new StatementAnalysis(p.analysis().text(),
              p.analysis().normalized(), fs, p.analysis().notes())));
        }
      }
    }
  }

  private static boolean sameHead(Located a, Located b) {
    String x = a.analysis().normalized();
    String y = b.analysis().normalized();
    int i = x.indexOf(' ');
    int j = y.indexOf(' ');
    return (i < 0 ? x : x.substring(0, i)).equalsIgnoreCase(j < 0 ? y : y.substring(0, j))
        && a.end() == b.end();
  }

  private static Finding reread(Finding f, LexRules reading) {
    return new Finding(f.kind(), f.objectType(), f.targets(),
        "read with " + reading.name() + " quoting and comment rules: " + f.reason());
  }

  private List<StatementAnalysis> nestedStatements(String sql, LexRules rules, int depth) {
    List<StatementAnalysis> out = new ArrayList<>();
    for (Located l : statements(sql, rules, depth, false)) {
      out.add(l.analysis());
    }
    return out;
  }

  private List<Located> statements(String sql, LexRules rules, int depth, boolean fast) {
    SqlLexer.Lexed lexed = SqlLexer.lex(sql, rules);
    List<StatementSplitter.Part> parts = StatementSplitter.split(sql, lexed.tokens(), rules);
    List<Located> out = new ArrayList<>(parts.size());
    for (int p = 0; p < parts.size(); p++) {
      StatementSplitter.Part part = parts.get(p);
      List<Token> tokens = part.tokens();
      String text = part.text(sql);
      String normalized = TokenRenderer.normalized(tokens, 0, tokens.size());
      List<Finding> findings = new ArrayList<>();
      List<String> notes = List.of();
      boolean last = p == parts.size() - 1;
      if (fast && KindClassifier.harmlessByWords(tokens)) {
        // the fast path: nothing in it can destroy
      } else if (tokens.size() > MAX_STATEMENT_TOKENS) {
        if (!KindClassifier.harmlessByWords(tokens)) {
          findings.add(KindClassifier.unparseable("the statement has more than " + MAX_STATEMENT_TOKENS
              + " tokens, beyond what DropGuard analyses, and holds words that can destroy data"));
        }
      } else {
        KindClassifier.Result r =
            new KindClassifier(rules, tokens, depth, false, dml, nested).classify();
        findings.addAll(r.findings());
        notes = r.notes();
      }
      if (lexed.unicodeSpace()) {
        boolean unscoped = findings.stream().anyMatch(f -> f.kind() == StatementKind.DELETE_ALL
            || f.kind() == StatementKind.UPDATE_ALL);
        Finding u = unscoped ? null : KindClassifier.unicodeSpaceFinding(sql, tokens, rules.dialect());
        if (u != null) {
          findings.add(u);
        }
      }
      if (last && lexed.truncated()) {
        String danger = KindClassifier.firstDanger(sql.substring(part.start()));
        if (!danger.isEmpty()) {
          findings.add(KindClassifier.unparseable("the text is longer than DropGuard analyses ("
              + SqlLexer.MAX_TOKENS + " tokens) and mentions " + danger));
        }
      }
      out.add(new Located(part.start(), part.end(), new StatementAnalysis(text, normalized, findings, notes)));
    }
    if (!lexed.problems().isEmpty()) {
      unterminated(sql, lexed, out);
    }
    if (lexed.truncated() && parts.isEmpty()) {
      String danger = KindClassifier.firstDanger(sql);
      if (!danger.isEmpty()) {
        out.add(new Located(0, sql.length(), new StatementAnalysis(sql, sql.strip(), List.of(
            KindClassifier.unparseable("the text is longer than DropGuard analyses and mentions " + danger)))));
      }
    }
    return out;
  }

  /**
   * A quote or comment that never closes: the database rejects the text or reads it otherwise than DropGuard, so
   * when anything after the opening mentions a destructive word the statement holding it is unparseable.
   */
  private static void unterminated(String sql, SqlLexer.Lexed lexed, List<Located> out) {
    List<Token> tokens = lexed.tokens();
    int first = -1;
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).type() == Token.Type.UNTERMINATED) {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return;
    }
    String danger = "";
    for (int i = first; i < tokens.size() && danger.isEmpty(); i++) {
      Token k = tokens.get(i);
      if (k.type() == Token.Type.WORD && KindClassifier.DANGER_WORDS.contains(k.keyword()) && !k.is("REPLACE")) {
        danger = k.keyword();
      } else if (k.type() == Token.Type.STRING || k.type() == Token.Type.QUOTED_IDENT) {
        danger = KindClassifier.firstDanger(k.value());
      }
    }
    if (danger.isEmpty()) {
      return;
    }
    int at = tokens.get(first).start();
    for (int i = 0; i < out.size(); i++) {
      Located l = out.get(i);
      if (l.start() <= at && at < Math.max(l.end(), l.start() + 1) || i == out.size() - 1) {
        StatementAnalysis a = l.analysis();
        List<Finding> fs = new ArrayList<>(a.findings());
        fs.add(KindClassifier.unparseable(lexed.problems().get(0) + ", and what follows mentions " + danger
            + ": the database reads such text differently from DropGuard"));
        out.set(i, new Located(l.start(), l.end(), new StatementAnalysis(a.text(), a.normalized(), fs, a.notes())));
        return;
      }
    }
  }

  private static Analysis oversize(String sql) {
    String danger = KindClassifier.firstDanger(sql);
    List<Finding> f = danger.isEmpty() ? List.of() : List.of(KindClassifier.unparseable("the text has "
        + sql.length() + " characters, beyond what DropGuard analyses (" + MAX_SQL_CHARS + "), and mentions "
        + danger));
    return new Analysis(List.of(new StatementAnalysis(sql.substring(0, Math.min(sql.length(), 1000)),
        sql.substring(0, Math.min(sql.length(), 1000)), f)));
  }
}
