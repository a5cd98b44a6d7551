package io.dropguard.cli;

import java.io.PrintStream;

/** {@code dropguard explain}. */
final class ExplainCommand {
  private ExplainCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    err.println("dropguard explain: not built yet");
    return 2;
  }
}
