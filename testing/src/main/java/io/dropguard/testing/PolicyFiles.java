package io.dropguard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes policy files (SPEC format) into temporary directories, for tests that give {@code dropguard.policies}. */
public final class PolicyFiles {
  /** Every destructive kind blocked (ZG001), everything else allowed; no {@code match}, so it governs everything. */
  public static final String BLOCK_DESTRUCTIVE =
      "name: test-block-destructive\n"
          + "mode: enforce\n"
          + "rules:\n"
          + "  - when: [drop_database, drop_schema, drop_table, drop_view, drop_other, truncate, alter_drop,"
          + " delete_all, update_all]\n"
          + "    action: block\n"
          + "  - when: [unparseable]\n"
          + "    action: block\n"
          + "default: allow\n";

  /** Everything allowed: for the raw-driver comparison of allowed traffic. */
  public static final String ALLOW_ALL = "name: test-allow-all\nmode: enforce\nrules: []\ndefault: allow\n";

  private PolicyFiles() {}

  /** Writes {@code yaml} as {@code dir/fileName} (creating {@code dir}) and returns {@code dir}. */
  public static Path write(Path dir, String fileName, String yaml) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(fileName), yaml);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A directory holding only {@link #BLOCK_DESTRUCTIVE}. */
  public static Path blockDestructive(Path dir) {
    return write(dir, "50-block-destructive.yaml", BLOCK_DESTRUCTIVE);
  }

  /**
   * A policy that blocks every destructive kind on databases whose identity marker is {@code marker} (and only
   * those), written as {@code 10-marker.yaml}; put a catch-all after it to govern the rest.
   */
  public static Path blockByMarker(Path dir, String marker) {
    return write(
        dir,
        "10-marker-" + marker + ".yaml",
        "name: test-marker-" + marker + "\n"
            + "match:\n"
            + "  marker: " + marker + "\n"
            + BLOCK_DESTRUCTIVE.substring(BLOCK_DESTRUCTIVE.indexOf("mode:")));
  }

  /** A catch-all that allows everything, written as {@code 90-allow-all.yaml}. */
  public static Path allowAll(Path dir) {
    return write(dir, "90-allow-all.yaml", ALLOW_ALL);
  }
}
