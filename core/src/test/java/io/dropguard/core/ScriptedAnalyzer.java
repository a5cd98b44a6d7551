package io.dropguard.core;

import io.dropguard.core.analysis.Analysis;
import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.Finding;
import io.dropguard.core.analysis.ObjectName;
import io.dropguard.core.analysis.StatementAnalysis;
import io.dropguard.core.analysis.StatementKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny stand-in for the SQL analyzer, so that guard tests decide exactly the kinds and targets they mean:
 * {@code DROP TABLE a, s.b}, {@code DROP SCHEMA s}, {@code TRUNCATE t}, {@code DELETE FROM t} (unscoped),
 * {@code GIBBERISH} (unparseable); anything else is not destructive. Names fold to upper case, as H2 does.
 */
final class ScriptedAnalyzer implements Analyzer {
  private static final Pattern DROP_TABLE = Pattern.compile("(?i)\\s*DROP TABLE (.+)");
  private static final Pattern DROP_SCHEMA = Pattern.compile("(?i)\\s*DROP SCHEMA (\\S+)");
  private static final Pattern TRUNCATE = Pattern.compile("(?i)\\s*TRUNCATE (?:TABLE )?(\\S+)");
  private static final Pattern DELETE_ALL = Pattern.compile("(?i)\\s*DELETE FROM (\\S+)\\s*");

  @Override
  public Analysis analyze(String sql, Dialect dialect) {
    List<StatementAnalysis> out = new ArrayList<>();
    for (String part : sql.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      out.add(new StatementAnalysis(part, part.strip(), findings(part)));
    }
    return new Analysis(out);
  }

  private static List<Finding> findings(String s) {
    Matcher m;
    if ((m = DROP_TABLE.matcher(s)).matches()) {
      return List.of(new Finding(StatementKind.DROP_TABLE, "table", names(m.group(1)), "drops the table"));
    }
    if ((m = DROP_SCHEMA.matcher(s)).matches()) {
      return List.of(new Finding(StatementKind.DROP_SCHEMA, "schema", names(m.group(1)), "drops the schema"));
    }
    if ((m = TRUNCATE.matcher(s)).matches()) {
      return List.of(new Finding(StatementKind.TRUNCATE, "rows", names(m.group(1)), "empties the table"));
    }
    if ((m = DELETE_ALL.matcher(s)).matches()) {
      return List.of(new Finding(StatementKind.DELETE_ALL, "rows", names(m.group(1)), "DELETE without WHERE"));
    }
    if (s.strip().toUpperCase(Locale.ROOT).startsWith("GIBBERISH")) {
      return List.of(new Finding(StatementKind.UNPARSEABLE, "statement", List.of(), "could not be parsed"));
    }
    return List.of();
  }

  private static List<ObjectName> names(String list) {
    List<ObjectName> out = new ArrayList<>();
    for (String n : list.split(",")) {
      out.add(new ObjectName(List.of(n.strip().toUpperCase(Locale.ROOT).split("\\."))));
    }
    return out;
  }
}
