/**
 * [#5] Snapshots for {@code action: snapshot}: {@link io.dropguard.core.snapshot.Snapshots#service()} copies what a
 * statement would destroy before it runs; {@link io.dropguard.core.snapshot.SnapshotDirectory} lists and prunes;
 * {@link io.dropguard.core.snapshot.Restorer} puts a snapshot back.
 *
 * <p>Internal API: the public types here are public only for DropGuard's own modules (driver, cli); nothing here
 * is a stable interface.
 */
package io.dropguard.core.snapshot;
