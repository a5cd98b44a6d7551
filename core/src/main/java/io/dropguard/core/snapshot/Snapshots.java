package io.dropguard.core.snapshot;

/** Where the guard gets its {@link SnapshotService}. */
public final class Snapshots {
  private static final SnapshotService SERVICE = new DefaultSnapshotService();

  private Snapshots() {}

  /** The process-wide snapshot service. */
  public static SnapshotService service() {
    return SERVICE;
  }
}
