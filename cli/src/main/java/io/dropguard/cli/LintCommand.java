package io.dropguard.cli;

import java.io.PrintStream;

/** {@code dropguard lint}. */
final class LintCommand {
  private LintCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    err.println("dropguard lint: not built yet");
    return 2;
  }
}
