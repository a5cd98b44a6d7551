package io.dropguard.cli;

import java.io.PrintStream;

/** {@code dropguard demo}. */
final class DemoCommand {
  private DemoCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    err.println("dropguard demo: not built yet");
    return 2;
  }
}
