package io.dropguard.cli;

import java.io.PrintStream;

/** {@code java -jar dropguard.jar <command>}. Exit codes: 0 ok, 1 findings or refused, 2 usage. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    err.println("usage: dropguard <explain|lint|mark|snapshots|restore|demo> ...");
    return 2;
  }
}
