package io.dropguard.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options, {@code --flag} switches and positional arguments, with unknown options refused. */
final class CliArgs {
  final Map<String, String> options = new HashMap<>();
  final List<String> positional = new ArrayList<>();

  private CliArgs() {}

  /**
   * @throws IllegalArgumentException naming the unknown option or the missing value
   */
  static CliArgs parse(String[] args, Set<String> valued, Set<String> flags) {
    CliArgs a = new CliArgs();
    for (int i = 0; i < args.length; i++) {
      String s = args[i];
      if (s.startsWith("--")) {
        String name = s.substring(2);
        String value = null;
        int eq = name.indexOf('=');
        if (eq >= 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        }
        if (flags.contains(name) && value == null) {
          a.options.put(name, "true");
        } else if (valued.contains(name)) {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException("--" + name + " needs a value");
            }
            value = args[++i];
          }
          a.options.put(name, value);
        } else {
          throw new IllegalArgumentException("unknown option --" + name);
        }
      } else {
        a.positional.add(s);
      }
    }
    return a;
  }

  String get(String name) {
    return options.get(name);
  }

  boolean has(String name) {
    return options.containsKey(name);
  }
}
