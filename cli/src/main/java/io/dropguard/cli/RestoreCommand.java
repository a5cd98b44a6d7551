package io.dropguard.cli;

import java.io.PrintStream;

/** {@code dropguard restore}. */
final class RestoreCommand {
  private RestoreCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    err.println("dropguard restore: not built yet");
    return 2;
  }
}
