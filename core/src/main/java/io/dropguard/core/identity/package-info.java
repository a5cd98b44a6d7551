/**
 * What a database is: its identity marker ({@code dropguard mark}) and URL masking for messages.
 *
 * <p>Internal API: public only for DropGuard's own modules (driver, agent, cli).
 */
package io.dropguard.core.identity;
