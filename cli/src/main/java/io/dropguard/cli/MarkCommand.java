package io.dropguard.cli;

import java.io.PrintStream;

/** {@code dropguard mark}. */
final class MarkCommand {
  private MarkCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    err.println("dropguard mark: not built yet");
    return 2;
  }
}
