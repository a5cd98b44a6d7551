package io.dropguard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The DropGuard policy a benchmark runs under. H2 in memory needs none (the built-in default allows everything
 * there); elsewhere the built-in default would ask for a confirmation before the DDL workload's DROP TABLE, so a
 * policy in a temporary directory allows dropping the workload's own scratch tables by name, as a user's policy
 * would.
 */
final class BenchPolicy {
  static final String YAML =
      """
      name: bench
      mode: enforce
      rules:
        - when: [drop_table]
          tables: ["bench_tmp_*", "*.bench_tmp_*"]
          action: allow
        - when: [drop_database, drop_schema, truncate, delete_all, update_all, unparseable]
          action: block
      default: allow
      """;

  private BenchPolicy() {}

  /** The policy directory for {@code db}, or null when the built-in default policy is the one to measure. */
  static Path forDatabase(Database db) {
    if (db == Database.H2) {
      return null;
    }
    try {
      Path dir = Files.createTempDirectory("dropguard-bench-policies");
      Files.writeString(dir.resolve("bench.yaml"), YAML);
      dir.toFile().deleteOnExit();
      dir.resolve("bench.yaml").toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
