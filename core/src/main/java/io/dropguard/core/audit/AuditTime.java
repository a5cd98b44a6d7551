package io.dropguard.core.audit;

import java.time.Instant;

/**
 * {@link Instant#toString()} (ISO-8601, UTC, the fraction in groups of three digits, none when zero) appended to a
 * builder without a formatter: the date and time of day are formatted once per second and reused.
 */
final class AuditTime {
  /** The formatted second, {@code 2026-12-01T18:00:00}, immutable so that threads may share it. */
  private static final class Second {
    final long epochSecond;
    final String text;

    Second(long epochSecond, String text) {
      this.epochSecond = epochSecond;
      this.text = text;
    }
  }

  private static volatile Second last = new Second(Long.MIN_VALUE, "");

  private AuditTime() {}

  static void append(StringBuilder sb, Instant t) {
    long sec = t.getEpochSecond();
    Second s = last;
    if (s.epochSecond != sec) {
      String full = Instant.ofEpochSecond(sec).toString(); // ends with 'Z', no fraction
      s = new Second(sec, full.substring(0, full.length() - 1));
      last = s;
    }
    sb.append(s.text);
    int nano = t.getNano();
    if (nano != 0) {
      sb.append('.');
      if (nano % 1_000_000 == 0) {
        digits(sb, nano / 1_000_000, 3);
      } else if (nano % 1_000 == 0) {
        digits(sb, nano / 1_000, 6);
      } else {
        digits(sb, nano, 9);
      }
    }
    sb.append('Z');
  }

  /** {@code value} (0 < value < 10^width) with leading zeros to {@code width} digits. */
  private static void digits(StringBuilder sb, int value, int width) {
    for (int d = POW10[width - 1]; d > value; d /= 10) {
      sb.append('0');
    }
    sb.append(value);
  }

  private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
}
