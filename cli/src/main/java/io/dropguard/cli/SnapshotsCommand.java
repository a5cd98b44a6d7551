package io.dropguard.cli;

import java.io.PrintStream;

/** {@code dropguard snapshots}. */
final class SnapshotsCommand {
  private SnapshotsCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    err.println("dropguard snapshots: not built yet");
    return 2;
  }
}
