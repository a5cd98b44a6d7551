package io.dropguard.core.confirm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * An issued token.
 *
 * @param text what a person types, {@code K7M2-9QX4}
 * @param expiresAt the first instant at which it no longer verifies
 */
record Token(String text, Instant expiresAt) {
  /** The id the audit log carries: the first 8 hex digits of SHA-256 of the token, never the token's key. */
  String id() {
    return idOf(text);
  }

  static String idOf(String tokenText) {
    return sha256Hex(tokenText).substring(0, 8);
  }

  static String sha256Hex(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder b = new StringBuilder(64);
      for (byte x : d) {
        b.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
      }
      return b.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
