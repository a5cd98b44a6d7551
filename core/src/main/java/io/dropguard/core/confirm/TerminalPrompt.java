package io.dropguard.core.confirm;

import io.dropguard.core.analysis.Finding;
import io.dropguard.core.analysis.ObjectName;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Function;

/**
 * Asks at the terminal ({@code confirm: {interactive: true}}): shows what the statement destroys and requires the
 * database's name to be typed exactly. A wrong answer or end of input is a refusal.
 */
final class TerminalPrompt {
  // One question at a time: two threads asking at once would interleave their questions and steal answers.
  private static final Object ONE_AT_A_TIME = new Object();

  /** What the person answered. */
  enum Answer {
    CONFIRMED,
    WRONG_NAME,
    NO_ANSWER
  }

  private TerminalPrompt() {}

  static Answer ask(Terminal terminal, ConfirmRequest request) {
    String name = DatabaseIdentity.nameToType(request.identity());
    synchronized (ONE_AT_A_TIME) {
      PrintWriter w = terminal.writer();
      w.println();
      w.println("DropGuard: this statement needs your confirmation (policy " + ConfirmMessages.policy(request) + ")");
      w.println("  Statement: " + ConfirmMessages.bounded(request.statement().normalized(), 300));
      for (Finding f : request.statement().findings()) {
        w.println("  Destroys:  " + describe(f, request.rowCounts()));
      }
      w.println("  Database:  " + DatabaseIdentity.display(request.identity()));
      w.flush();
      String answer = terminal.readLine("Type the database name (" + name + ") to run it, anything else refuses it: ");
      if (answer == null) {
        w.println();
        w.println("DropGuard: no answer; the statement was not run.");
        w.flush();
        return Answer.NO_ANSWER;
      }
      if (!answer.strip().equals(name)) {
        w.println("DropGuard: \"" + answer.strip() + "\" is not \"" + name + "\"; the statement was not run.");
        w.flush();
        return Answer.WRONG_NAME;
      }
      w.println("DropGuard: confirmed; running it.");
      w.flush();
      return Answer.CONFIRMED;
    }
  }

  private static String describe(Finding f, Function<ObjectName, Long> rowCounts) {
    StringBuilder b = new StringBuilder(f.kind().id()).append(':');
    if (f.objectType() != null && !f.objectType().isBlank()) {
      b.append(' ').append(f.objectType()).append(f.objectType().equals("rows") ? " of" : "");
    }
    String sep = " ";
    for (ObjectName t : f.targets()) {
      b.append(sep).append(t);
      Long n = count(rowCounts, t);
      if (n != null) {
        b.append(String.format(Locale.ROOT, " (about %,d rows)", n));
      }
      sep = ", ";
    }
    if (f.reason() != null && !f.reason().isBlank()) {
      b.append("; ").append(f.reason());
    }
    return b.toString();
  }

  private static Long count(Function<ObjectName, Long> rowCounts, ObjectName table) {
    if (rowCounts == null) {
      return null;
    }
    try {
      return rowCounts.apply(table);
    } catch (RuntimeException e) {
      return null; // a count is a courtesy; its failure must not change the decision
    }
  }
}
