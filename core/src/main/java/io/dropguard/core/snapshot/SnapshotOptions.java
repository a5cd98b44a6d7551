package io.dropguard.core.snapshot;

import java.nio.file.Path;

/**
 * The {@code snapshot:} section of a policy.
 *
 * @param store where snapshots go
 * @param path the directory of the {@code directory} store, also where the manifests of a {@code database}
 *     store's snapshots are kept; null means {@link #defaultPath()}
 * @param maxRows above this many rows the statement is refused, never run unprotected; {@code Long.MAX_VALUE}
 *     when unlimited
 * @param maxBytes as {@code maxRows}, in bytes of row data
 * @param keep the {@code keep:} retention; older snapshots are pruned after each new one is complete
 */
public record SnapshotOptions(Store store, Path path, long maxRows, long maxBytes, Retention keep) {
  /** Where a snapshot is written. */
  public enum Store {
    DIRECTORY,
    DATABASE
  }

  public SnapshotOptions {
    if (store == null) {
      store = Store.DIRECTORY;
    }
    if (keep == null) {
      keep = Retention.FOREVER;
    }
    // Negative means "no limit"; 0 is kept as written (refuse any rows), so a limit never opens up by accident.
    if (maxRows < 0) {
      maxRows = Long.MAX_VALUE;
    }
    if (maxBytes < 0) {
      maxBytes = Long.MAX_VALUE;
    }
  }

  /** Without retention: snapshots are kept until {@code dropguard snapshots prune}. */
  public SnapshotOptions(Store store, Path path, long maxRows, long maxBytes) {
    this(store, path, maxRows, maxBytes, Retention.FOREVER);
  }

  /** The directory store in the default place, no limits, kept forever. */
  public static SnapshotOptions defaults() {
    return new SnapshotOptions(Store.DIRECTORY, null, Long.MAX_VALUE, Long.MAX_VALUE, Retention.FOREVER);
  }

  /** {@link #path()}, or {@link #defaultPath()} when none is set. */
  public Path directory() {
    return path != null ? path : defaultPath();
  }

  /** {@code ~/.dropguard/snapshots}: where snapshots go when the policy names no {@code path}. */
  public static Path defaultPath() {
    return Path.of(System.getProperty("user.home"), ".dropguard", "snapshots");
  }
}
