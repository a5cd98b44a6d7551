package io.dropguard.core.confirm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies tokens without keeping state.
 *
 * <p>A token is 40 bits: the low 10 bits of its expiry slot, then 30 bits of HMAC-SHA256 (keyed with the
 * installation secret) over the slot width, the whole expiry slot, the database identity and the normalised
 * statement. Time is cut into slots of {@code g = max(1 s, ceil(ttl / 512))}; a token issued at {@code t} expires
 * at the start of the slot containing {@code t + ttl} (rounded down, so it never lives longer than {@code ttl},
 * and at least {@code ttl - g}). Because a live token's expiry lies in {@code (now, now + ttl]}, less than 1024
 * slots ahead, the 10 bits name its slot unambiguously; the slot 1024 earlier is tried too, so that a recently
 * expired token is reported as expired rather than as foreign.
 *
 * <p>Single use is not decided here: see {@link TokenLedger}.
 */
final class ConfirmationTokens {
  private static final int SLOT_BITS = 10;
  private static final long SLOTS = 1L << SLOT_BITS;
  private static final int MAC_BITS = TokenText.BITS - SLOT_BITS;

  /** What {@link #verify} found. */
  enum Outcome {
    VALID,
    EXPIRED,
    /** The key matches, but its expiry lies further ahead than the ttl allows: another host's clock runs ahead. */
    FROM_THE_FUTURE,
    /** Not issued for this statement on this database (or expired long ago, or under another ttl or secret). */
    NOT_FOR_THIS
  }

  record Verification(Outcome outcome, Instant expiresAt) {}

  /**
   * How far ahead of this host's clock another host's may run: a token whose expiry lies up to this much beyond
   * {@code now + ttl} is still accepted. On the issuing host expiry is never beyond {@code issue + ttl}, so this
   * only lengthens the life of tokens issued by a host whose clock runs ahead (a fleet sharing a secret).
   */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private final byte[] key;

  ConfirmationTokens(byte[] key) {
    this.key = key.clone();
  }

  /**
   * The token for {@code binding} issued at {@code now}, expiring {@code earlier} slots before the latest expiry
   * {@code ttl} allows (the same statement in the same slot gets the same token; the confirmer asks for an earlier
   * slot when that one has been used). Returns null when so early a slot would already have expired.
   */
  Token issue(TokenBinding binding, Instant now, Duration ttl, int earlier) {
    long g = slotSeconds(ttl);
    long expiresSec = now.plus(ttl).getEpochSecond();
    long slot = Math.floorDiv(expiresSec, g) - earlier;
    if (slot * g * 1000 <= now.toEpochMilli()) {
      // A ttl shorter than a slot would issue a token that is dead on arrival; ttl >= g always, so only rounding.
      if (earlier > 0) {
        return null;
      }
      slot++;
    }
    long bits = ((slot & (SLOTS - 1)) << MAC_BITS) | mac(binding, g, slot);
    return new Token(TokenText.format(bits), Instant.ofEpochSecond(slot * g));
  }

  Verification verify(long bits, TokenBinding binding, Instant now, Duration ttl) {
    long g = slotSeconds(ttl);
    long low = bits >>> MAC_BITS;
    long tag = bits & ((1L << MAC_BITS) - 1);
    long nowSlot = Math.floorDiv(now.getEpochSecond(), g);
    long ahead = nowSlot + Math.floorMod(low - nowSlot, SLOTS);
    for (long slot : new long[] {ahead, ahead - SLOTS}) {
      if (mac(binding, g, slot) != tag) {
        continue;
      }
      Instant expiresAt = Instant.ofEpochSecond(slot * g);
      if (!now.isBefore(expiresAt)) {
        return new Verification(Outcome.EXPIRED, expiresAt);
      }
      if (expiresAt.isAfter(now.plus(ttl).plus(CLOCK_SKEW))) {
        return new Verification(Outcome.FROM_THE_FUTURE, expiresAt);
      }
      return new Verification(Outcome.VALID, expiresAt);
    }
    return new Verification(Outcome.NOT_FOR_THIS, null);
  }

  static long slotSeconds(Duration ttl) {
    long s = Math.max(1, ttl.toSeconds());
    return Math.max(1, (s + 511) / 512);
  }

  private long mac(TokenBinding binding, long g, long slot) {
    ByteArrayOutputStream in = new ByteArrayOutputStream(64 + binding.statement().length());
    field(in, "dropguard-confirm-v1");
    field(in, Long.toString(g));
    field(in, Long.toString(slot));
    field(in, binding.database());
    field(in, binding.statement());
    byte[] h;
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      h = m.doFinal(in.toByteArray());
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (h[i] & 0xff);
    }
    return v >>> (32 - MAC_BITS);
  }

  // Length-prefixed, so that no two different (database, statement) pairs feed the MAC the same bytes.
  private static void field(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b.length >>> 24);
    out.write(b.length >>> 16);
    out.write(b.length >>> 8);
    out.write(b.length);
    out.write(b, 0, b.length);
  }
}
