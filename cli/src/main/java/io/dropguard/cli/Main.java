package io.dropguard.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** {@code java -jar dropguard.jar <command>}. Exit codes: 0 ok, 1 findings or refused, 2 usage. */
public final class Main {
  private static final String USAGE =
      "usage: dropguard <command> [options]\n"
          + "  explain   [--dialect D] [--json] [--policies P --url U] \"SQL\"   kinds and decision of SQL\n"
          + "  lint      <file-or-dir>                                    validate policy files\n"
          + "  mark      --url U --as NAME                                  store the database's identity marker\n"
          + "  snapshots [--dir D] [--url U] | snapshots prune --keep K     list or prune snapshots\n"
          + "  restore   <id> [--url U] [--table T] [--as NEW] [--into-nonempty]   put a snapshot back\n"
          + "  demo                                                       replay the pilot-reset incident on H2";

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; never calls {@code System.exit}. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(USAGE);
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "explain":
        return ExplainCommand.run(rest, out, err);
      case "lint":
        return LintCommand.run(rest, out, err);
      case "mark":
        return MarkCommand.run(rest, out, err);
      case "snapshots":
        return SnapshotsCommand.run(rest, out, err);
      case "restore":
        return RestoreCommand.run(rest, out, err);
      case "demo":
        return DemoCommand.run(rest, out, err);
      case "help":
      case "--help":
      case "-h":
        out.println(USAGE);
        return 0;
      default:
        err.println("dropguard: unknown command '" + args[0] + "'\n" + USAGE);
        return 2;
    }
  }
}
