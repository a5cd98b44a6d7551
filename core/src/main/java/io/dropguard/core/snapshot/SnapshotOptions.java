package io.dropguard.core.snapshot;

import java.nio.file.Path;

/**
 * The {@code snapshot:} section of a policy.
 *
 * @param store where snapshots go
 * @param path the directory of the {@code directory} store (also where the manifest of a database store's
 *     snapshots is kept)
 * @param maxRows above this many rows the statement is refused, never run unprotected; {@code Long.MAX_VALUE}
 *     when unlimited
 * @param maxBytes as {@code maxRows}, in bytes of row data
 */
public record SnapshotOptions(Store store, Path path, long maxRows, long maxBytes) {
  /** Where a snapshot is written. */
  public enum Store {
    DIRECTORY,
    DATABASE
  }
}
