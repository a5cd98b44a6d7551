package io.dropguard.core.confirm;

/**
 * The outcome of a confirmation.
 *
 * @param confirmed whether the statement may run
 * @param tokenId for the audit log: the id of the token used (when confirmed by a token) or issued (when not
 *     confirmed), the first 8 hex digits of its SHA-256; never the token or the secret; null at the terminal
 * @param how {@code comment}, {@code setting}, {@code api} or {@code terminal} when confirmed; null otherwise
 * @param explanation when not confirmed: the lines of the ZG002 message that say what the token is, what it
 *     confirms, when it expires and exactly how to present it (or why a presented token was refused); null when
 *     confirmed
 * @param confirmedBy for the audit log, when confirmed: the operating-system user, host and process id that
 *     presented the token or answered at the terminal ({@code alice@build-7 pid 4242}); null otherwise
 */
public record Confirmation(boolean confirmed, String tokenId, String how, String explanation, String confirmedBy) {
  public Confirmation(boolean confirmed, String tokenId, String how, String explanation) {
    this(confirmed, tokenId, how, explanation, null);
  }
}
