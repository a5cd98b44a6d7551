package io.dropguard.cli;

import io.dropguard.core.policy.Policy;
import io.dropguard.core.policy.PolicyException;
import io.dropguard.core.policy.PolicyLoader;
import io.dropguard.core.policy.PolicyProblem;
import io.dropguard.core.policy.PolicySet;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code dropguard lint <file-or-dir>}: loads policy files exactly as the guard does and prints every problem as
 * {@code file:line:column: message}. Exit 0 when clean, 1 on findings, 2 on wrong usage.
 */
final class LintCommand {
  static final String USAGE = "usage: dropguard lint <policy-file-or-directory>";

  private LintCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 1 || args[0].startsWith("-")) {
      if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
        out.println(USAGE);
        return 0;
      }
      err.println(USAGE);
      return 2;
    }
    Path path = Path.of(args[0]);
    PolicySet set;
    try {
      set = PolicyLoader.loadAll(path);
    } catch (PolicyException e) {
      for (PolicyProblem p : e.problems()) {
        out.println(p);
      }
      int n = e.problems().size();
      err.println(
          n
              + (n == 1 ? " problem" : " problems")
              + " in "
              + path
              + ". DropGuard refuses connections (ZG005) while a policy file is broken.");
      return 1;
    }
    for (Policy p : set.policies()) {
      out.println(
          p.file()
              + ": ok, policy \""
              + p.name()
              + "\", "
              + p.rules().size()
              + (p.rules().size() == 1 ? " rule" : " rules")
              + (p.isCatchAll() ? ", catch-all (no match:)" : "")
              + (p.mode().id().equals("report") ? ", mode report" : ""));
    }
    return 0;
  }
}
