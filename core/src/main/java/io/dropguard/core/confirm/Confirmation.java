package io.dropguard.core.confirm;

/**
 * The outcome of a confirmation.
 *
 * @param confirmed whether the statement may run
 * @param tokenId the id of the token issued or used (never the token's secret), for the audit log
 * @param how {@code comment}, {@code setting}, {@code api} or {@code terminal} when confirmed; null otherwise
 * @param explanation when not confirmed: the lines of the ZG002 message that say what the token is, what it
 *     confirms, when it expires and exactly how to present it (or why a presented token was refused)
 */
public record Confirmation(boolean confirmed, String tokenId, String how, String explanation) {}
