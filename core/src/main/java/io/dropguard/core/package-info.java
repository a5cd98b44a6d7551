/**
 * DropGuard's engine: one {@link io.dropguard.core.Guard} per connection decides whether a statement may
 * reach the database.
 *
 * <p>Internal API: the public types of {@code io.dropguard.core} and its sub-packages are public only for
 * DropGuard's own modules (driver, agent, cli). Applications use {@code io.dropguard.DropGuard}; nothing here
 * is a stable interface.
 */
package io.dropguard.core;
