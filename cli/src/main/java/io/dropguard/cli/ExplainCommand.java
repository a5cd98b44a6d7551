package io.dropguard.cli;

import io.dropguard.core.analysis.Analysis;
import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.analysis.Finding;
import io.dropguard.core.analysis.ObjectName;
import io.dropguard.core.analysis.SqlAnalyzer;
import io.dropguard.core.analysis.StatementAnalysis;
import io.dropguard.core.analysis.StatementKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code dropguard explain [--dialect D] [--json] [--file F | - | "SQL"]}: for each statement, its kinds, targets and
 * the reason. Exit code 1 when something destructive was found, 0 when nothing was, 2 on a usage error.
 */
final class ExplainCommand {
  static final String USAGE = "usage: dropguard explain [--dialect postgres|mysql|mariadb|h2|oracle|sqlserver|generic]"
      + " [--json] (\"SQL\" | - | --file F)";

  private ExplainCommand() {}

  /** What the command line asked for. {@code policies} and {@code url} are the seam for decision output. */
  record Options(Dialect dialect, boolean json, String sql, String policies, String url) {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = parse(args, System.in);
    } catch (UsageException e) {
      err.println("dropguard explain: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    Analysis a = SqlAnalyzer.shared().analyze(o.sql(), o.dialect());
    if (o.json()) {
      out.println(json(a, o.dialect()));
    } else {
      printText(a, o.dialect(), out);
    }
    if (o.policies() != null && !DecisionPrinter.print(o.policies(), o.url(), a, o.dialect(), out, err)) {
      return 1;
    }
    return a.isDestructive() ? 1 : 0;
  }

  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static Options parse(String[] args, InputStream stdin) throws UsageException {
    Dialect dialect = null;
    boolean json = false;
    String file = null;
    String policies = null;
    String url = null;
    boolean stdinAsked = false;
    List<String> sql = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--dialect":
          String id = value(args, ++i, a);
          dialect = Dialect.fromId(id).orElseThrow(() -> new UsageException("unknown dialect '" + id + "'"));
          break;
        case "--json":
          json = true;
          break;
        case "--file":
          file = value(args, ++i, a);
          break;
        case "--policies":
          policies = value(args, ++i, a);
          break;
        case "--url":
          url = value(args, ++i, a);
          break;
        case "-":
          stdinAsked = true;
          break;
        default:
          if (a.startsWith("--")) {
            throw new UsageException("unknown option '" + a + "'");
          }
          sql.add(a);
      }
    }
    int sources = (file != null ? 1 : 0) + (stdinAsked ? 1 : 0) + (sql.isEmpty() ? 0 : 1);
    if (sources != 1) {
      throw new UsageException(sources == 0 ? "no SQL given" : "give the SQL one way only (argument, - or --file)");
    }
    String text;
    try {
      if (file != null) {
        text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      } else if (stdinAsked) {
        text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
      } else {
        text = String.join(" ", sql);
      }
    } catch (IOException e) {
      throw new UsageException("cannot read " + (file != null ? file : "standard input") + ": " + e.getMessage());
    }
    if (dialect == null) {
      dialect = url != null ? Dialect.fromJdbcUrl(url.replaceFirst("^jdbc:dropguard:", "jdbc:")) : Dialect.GENERIC;
    }
    return new Options(dialect, json, text, policies, url);
  }

  private static String value(String[] args, int i, String option) throws UsageException {
    if (i >= args.length) {
      throw new UsageException(option + " needs a value");
    }
    return args[i];
  }

  private static String kinds(StatementAnalysis s) {
    return s.kinds().stream().map(StatementKind::id).collect(Collectors.joining(", "));
  }

  static void printText(Analysis a, Dialect dialect, PrintStream out) {
    List<StatementAnalysis> statements = a.statements();
    if (statements.isEmpty()) {
      out.println("no statement (only white space or comments)");
    }
    for (int i = 0; i < statements.size(); i++) {
      StatementAnalysis s = statements.get(i);
      out.println("statement " + (i + 1) + ": " + abbreviate(s.text().replaceAll("\\s+", " ")));
      if (s.isDestructive()) {
        out.println("  kinds:   " + kinds(s));
      } else {
        out.println("  kinds:   none (not destructive)");
      }
      for (Finding f : s.findings()) {
        String targets = f.targets().stream().map(ObjectName::toString).collect(Collectors.joining(", "));
        out.println("  " + f.kind().id() + " (" + f.objectType() + ")" + (targets.isEmpty() ? "" : " " + targets));
        out.println("    why:   " + f.reason());
      }
      for (String n : s.notes()) {
        out.println("  opaque:  " + n);
      }
    }
    out.println((a.isDestructive() ? "destructive: " + a.kinds().stream().map(StatementKind::id)
        .collect(Collectors.joining(", ")) : "not destructive") + " (dialect " + dialect.id() + ")");
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + " ..." : s;
  }

  static String json(Analysis a, Dialect dialect) {
    StringBuilder b = new StringBuilder();
    b.append("{\"dialect\":").append(str(dialect.id())).append(",\"destructive\":").append(a.isDestructive())
        .append(",\"kinds\":").append(list(a.kinds().stream().map(StatementKind::id).collect(Collectors.toList())))
        .append(",\"statements\":[");
    for (int i = 0; i < a.statements().size(); i++) {
      StatementAnalysis s = a.statements().get(i);
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"text\":").append(str(s.text())).append(",\"normalized\":").append(str(s.normalized()))
          .append(",\"kinds\":").append(list(s.kinds().stream().map(StatementKind::id).collect(Collectors.toList())))
          .append(",\"findings\":[");
      for (int k = 0; k < s.findings().size(); k++) {
        Finding f = s.findings().get(k);
        if (k > 0) {
          b.append(',');
        }
        b.append("{\"kind\":").append(str(f.kind().id())).append(",\"objectType\":").append(str(f.objectType()))
            .append(",\"targets\":").append(list(f.targets().stream().map(ObjectName::toString)
                .collect(Collectors.toList())))
            .append(",\"reason\":").append(str(f.reason())).append('}');
      }
      b.append("],\"opaque\":").append(list(s.notes())).append('}');
    }
    return b.append("]}").toString();
  }

  private static String list(List<String> items) {
    return items.stream().map(ExplainCommand::str).collect(Collectors.joining(",", "[", "]"));
  }

  static String str(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    return b.append('"').toString();
  }
}
