/**
 * What would this SQL text destroy? Dialect-exact lexing, splitting and classification into
 * {@link io.dropguard.core.analysis.StatementKind}s.
 *
 * <p>Internal API, public only for DropGuard's own modules.
 */
package io.dropguard.core.analysis;
