package io.dropguard.core.policy;

import io.dropguard.core.ConnectionIdentity;
import io.dropguard.core.analysis.Finding;
import io.dropguard.core.analysis.ObjectName;
import io.dropguard.core.analysis.StatementAnalysis;
import io.dropguard.core.analysis.StatementKind;
import io.dropguard.core.audit.UrlMask;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The text of refusals, for a person under pressure (STYLE #4): a summary line with the SQLState, aligned
 * fields, then {@code To proceed:} with the exact next step, naming the file and line to edit.
 */
public final class RefusalMessages {
  static final int STATEMENT_SHOWN = 300;

  private RefusalMessages() {}

  /** DROP TABLE, TRUNCATE, unscoped DELETE ...: how the summary line names a kind. */
  public static String words(StatementKind kind) {
    switch (kind) {
      case DROP_DATABASE:
        return "DROP DATABASE";
      case DROP_SCHEMA:
        return "DROP SCHEMA";
      case DROP_TABLE:
        return "DROP TABLE";
      case DROP_VIEW:
        return "DROP VIEW";
      case DROP_OTHER:
        return "DROP";
      case TRUNCATE:
        return "TRUNCATE";
      case ALTER_DROP:
        return "ALTER ... DROP";
      case DELETE_ALL:
        return "unscoped DELETE";
      case UPDATE_ALL:
        return "unscoped UPDATE";
      default:
        return "statement that could not be analysed";
    }
  }

  /** ZG001 / ZG004: blocked. */
  public static String blocked(Decision d, ConnectionIdentity id, int part, int parts) {
    boolean unparseable = d.finding().kind() == StatementKind.UNPARSEABLE;
    String code = unparseable ? "ZG004" : "ZG001";
    StringBuilder sb = new StringBuilder();
    sb.append("DropGuard ")
        .append(code)
        .append(": ")
        .append(words(d.finding().kind()))
        .append(" blocked by policy \"")
        .append(d.policy().name())
        .append("\"\n\n");
    fields(sb, d, id, part, parts);
    sb.append("\nTo proceed:\n");
    if (isBuiltIn(d)) {
      sb.append("  Nothing was run. No policy file is configured, so DropGuard's built-in default policy applies:\n")
          .append("  it blocks DROP DATABASE, DROP SCHEMA and statements it cannot analyse on every database\n")
          .append("  that is not in memory. If this statement must run here, write a policy for this database\n")
          .append("  (examples in DropGuard's policies/ directory) and point dropguard.policies (or the\n")
          .append("  environment variable DROPGUARD_POLICIES) at it.\n");
    } else if (unparseable) {
      sb.append("  Nothing was run. DropGuard could not tell what this statement would destroy. Rewrite it in a\n")
          .append("  simpler form (one statement per call, the destructive part in plain SQL), or, if you know it is\n")
          .append("  safe, change ")
          .append(d.rule() != null ? "rule " + d.rule().number() : "'default:'")
          .append(" at ")
          .append(d.ruleLocation())
          .append(" (for example 'action: confirm').\n")
          .append("  Edits apply to the next statement without a restart.\n");
    } else {
      sb.append("  Nothing was run. If you meant another database, check the URL above.\n")
          .append("  If this statement must run on this database, edit ")
          .append(d.ruleLocation())
          .append(": add a rule before ")
          .append(d.rule() != null ? "rule " + d.rule().number() : "'default:'")
          .append(", such as\n")
          .append("      - when: [")
          .append(d.finding().kind().id())
          .append("]\n");
      if (d.target() != null) {
        sb.append("        tables: [\"").append(d.target()).append("\"]\n");
      }
      sb.append("        action: snapshot        # or confirm, or allow\n")
          .append("  Edits apply to the next statement without a restart.\n");
    }
    return sb.toString();
  }

  private static boolean isBuiltIn(Decision d) {
    return d.policy().file().startsWith("builtin:");
  }

  /** ZG002: confirmation required; {@code explanation} comes from the confirmer (token and how to present it). */
  public static String confirmationRequired(
      Decision d, ConnectionIdentity id, int part, int parts, String explanation) {
    StringBuilder sb = new StringBuilder();
    sb.append("DropGuard ZG002: ")
        .append(words(d.finding().kind()))
        .append(" needs confirmation under policy \"")
        .append(d.policy().name())
        .append("\"\n\n");
    fields(sb, d, id, part, parts);
    sb.append("\nTo proceed:\n");
    if (explanation != null && !explanation.isBlank()) {
      for (String line : explanation.strip().split("\n", -1)) {
        sb.append("  ").append(line).append('\n');
      }
    }
    if (isBuiltIn(d)) {
      sb.append("  Nothing was run. No policy file is configured, so DropGuard's built-in default policy asks for\n")
          .append("  confirmation of every destructive statement on a database that is not in memory. To decide\n")
          .append("  per table instead, write a policy for this database and point dropguard.policies at it.\n");
    } else {
      sb.append("  Nothing was run. To change what this statement needs, edit ")
          .append(d.ruleLocation())
          .append(" (")
          .append(d.rule() != null ? "rule " + d.rule().number() : "'default:'")
          .append(").\n");
    }
    return sb.toString();
  }

  /** ZG003: the snapshot failed. */
  public static String snapshotFailed(Decision d, ConnectionIdentity id, int part, int parts, String reason) {
    StringBuilder sb = new StringBuilder();
    sb.append("DropGuard ZG003: snapshot before ")
        .append(words(d.finding().kind()))
        .append(" failed, so the statement was not run (policy \"")
        .append(d.policy().name())
        .append("\")\n\n");
    fields(sb, d, id, part, parts);
    sb.append("  Snapshot:   ").append(indentRest(reason == null ? "(no reason given)" : reason)).append('\n');
    sb.append("\nTo proceed:\n")
        .append("  Nothing was run and no data changed. Fix the cause above and run the statement again.\n")
        .append("  If the data need not be kept, change the action of ")
        .append(d.rule() != null ? "rule " + d.rule().number() : "'default:'")
        .append(" at ")
        .append(d.ruleLocation())
        .append(" (edits apply to the next statement without a restart).\n");
    return sb.toString();
  }

  /**
   * ZG005: no valid policy.
   *
   * @param source the configured policy path and where the setting came from
   * @param problems what is wrong, one per line ({@code file:line:column: message}), or empty when none matched
   */
  public static String noValidPolicy(ConnectionIdentity id, String path, String settingSource, List<String> problems) {
    StringBuilder sb = new StringBuilder();
    sb.append("DropGuard ZG005: no valid policy for this connection\n\n");
    sb.append("  Database:   ").append(database(id)).append('\n');
    sb.append("  Policies:   ").append(path).append(" (from ").append(settingSource).append(")\n");
    if (problems.isEmpty()) {
      sb.append("  Reason:     no policy file's 'match' holds for this connection, and there is no catch-all\n")
          .append("              file (one without 'match')\n");
    } else {
      sb.append("  Problems:   ").append(problems.get(0)).append('\n');
      for (int i = 1; i < problems.size(); i++) {
        sb.append("              ").append(problems.get(i)).append('\n');
      }
    }
    sb.append("\nTo proceed:\n");
    if (problems.isEmpty()) {
      sb.append("  Add a policy for this database to ")
          .append(path)
          .append("\n  (a file whose match: holds for the URL above), or a catch-all file without match:.\n");
    } else {
      sb.append("  Fix the problems above; check with:\n      java -jar dropguard.jar lint ").append(path).append('\n');
    }
    sb.append("  Until then DropGuard refuses this connection rather than run it unguarded. To guard it with\n")
        .append("  the built-in default policy meanwhile, set dropguard.on_config_error=warn.\n");
    return sb.toString();
  }

  /** ZG005 for an unknown setting or an unusable value. */
  public static String badSettings(ConnectionIdentity id, String problems) {
    StringBuilder sb = new StringBuilder();
    sb.append("DropGuard ZG005: invalid DropGuard setting\n\n");
    sb.append("  Database:   ").append(database(id)).append('\n');
    String[] lines = problems.split("\n");
    sb.append("  Problem:    ").append(lines[0]).append('\n');
    for (int i = 1; i < lines.length; i++) {
      sb.append("              ").append(lines[i]).append('\n');
    }
    sb.append("\nTo proceed:\n")
        .append("  Correct or remove the setting named above (the settings are listed in DropGuard's README).\n")
        .append("  DropGuard refuses the connection rather than guess what was meant.\n");
    return sb.toString();
  }

  private static void fields(StringBuilder sb, Decision d, ConnectionIdentity id, int part, int parts) {
    StatementAnalysis s = d.statement();
    sb.append("  Statement:  ").append(bounded(s.text(), STATEMENT_SHOWN)).append('\n');
    if (parts > 1) {
      sb.append("  Part:       ")
          .append(part)
          .append(" of ")
          .append(parts)
          .append(" (no part of this SQL string or batch was run)\n");
    }
    sb.append("  Kinds:      ").append(String.join(", ", kindIds(s))).append('\n');
    List<String> targets = targets(s);
    if (!targets.isEmpty()) {
      sb.append("  Targets:    ").append(String.join(", ", targets)).append('\n');
    }
    if (d.finding().reason() != null && !d.finding().reason().isBlank()) {
      sb.append("  Reason:     ").append(d.finding().reason()).append('\n');
    }
    sb.append("  Database:   ").append(database(id)).append('\n');
    sb.append("  Policy:     ")
        .append(d.ruleLocation())
        .append(", ")
        .append(d.ruleDescription())
        .append('\n');
  }

  /** The masked URL with user and marker, as the Database field shows it. */
  public static String database(ConnectionIdentity id) {
    StringBuilder sb = new StringBuilder(String.valueOf(UrlMask.mask(id.realUrl())));
    List<String> extra = new ArrayList<>();
    if (id.user() != null && !id.user().isEmpty()) {
      extra.add("user " + id.user());
    }
    if (id.marker() != null) {
      extra.add("marker " + id.marker());
    }
    if (!extra.isEmpty()) {
      sb.append(" (").append(String.join(", ", extra)).append(')');
    }
    return sb.toString();
  }

  /** The ids of the statement's kinds, in {@link StatementKind} order, each once (an unmodifiable list). */
  public static List<String> kindIds(StatementAnalysis s) {
    List<Finding> findings = s.findings();
    if (findings.size() == 1) {
      return List.of(findings.get(0).kind().id());
    }
    Set<StatementKind> kinds = s.kinds();
    String[] out = new String[kinds.size()];
    int i = 0;
    for (StatementKind k : kinds) {
      out[i++] = k.id();
    }
    return List.of(out);
  }

  /** The objects the statement destroys, in the order written, each once (an unmodifiable list). */
  public static List<String> targets(StatementAnalysis s) {
    List<Finding> findings = s.findings();
    if (findings.size() == 1 && findings.get(0).targets().size() == 1) {
      return List.of(findings.get(0).targets().get(0).toString());
    }
    Set<String> out = new LinkedHashSet<>();
    for (Finding f : findings) {
      for (ObjectName t : f.targets()) {
        out.add(t.toString());
      }
    }
    return List.copyOf(out);
  }

  /** Whitespace collapsed, cut to {@code max} characters with a note of the full length. */
  public static String bounded(String text, int max) {
    // strip(), then every run of [ \t\n\x0B\f\r] (regex \s) becomes one space; done by hand, without a regex
    String s = text.strip();
    int n = s.length();
    int i = 0;
    while (i < n && !collapses(s, i)) {
      i++;
    }
    if (i == n) {
      // nothing to collapse: the common case, no copy
      return n <= max ? s : s.substring(0, max) + "... (" + n + " characters)";
    }
    StringBuilder sb = new StringBuilder(Math.min(n, max) + 32).append(s, 0, Math.min(i, max));
    int length = i; // of the collapsed text, also past max
    boolean inSpace = false;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (isRegexSpace(c)) {
        if (inSpace) {
          continue;
        }
        inSpace = true;
        c = ' ';
      } else {
        inSpace = false;
      }
      if (length < max) {
        sb.append(c);
      }
      length++;
    }
    if (length <= max) {
      return sb.toString();
    }
    return sb.append("... (").append(length).append(" characters)").toString();
  }

  /** Whether the whitespace collapse changes {@code s} at {@code i}: a non-space \s, or a second space in a run. */
  private static boolean collapses(String s, int i) {
    char c = s.charAt(i);
    return c != ' ' ? isRegexSpace(c) : i + 1 < s.length() && isRegexSpace(s.charAt(i + 1));
  }

  /** The characters of the regex {@code \s} (without UNICODE_CHARACTER_CLASS). */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  private static String indentRest(String text) {
    return text.strip().replace("\n", "\n              ");
  }
}
