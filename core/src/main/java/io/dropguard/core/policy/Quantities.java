package io.dropguard.core.policy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations ({@code 30s}, {@code 10m}, {@code 2h}, {@code 30d}) and sizes ({@code 500MB}, {@code 5GB}). */
public final class Quantities {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s?(B|KB|MB|GB|TB)", Pattern.CASE_INSENSITIVE);
  private static final Pattern COUNT = Pattern.compile("\\d{1,18}|\\d{1,3}(_\\d{3})+");

  private Quantities() {}

  /** A positive duration, or null when {@code text} is not one. */
  public static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    if (n == 0) {
      return null;
    }
    switch (m.group(2)) {
      case "s":
        return Duration.ofSeconds(n);
      case "m":
        return Duration.ofMinutes(n);
      case "h":
        return Duration.ofHours(n);
      default:
        return Duration.ofDays(n);
    }
  }

  /** A size in bytes (KB = 1024 bytes), or -1 when {@code text} is not one. */
  public static long size(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      return -1;
    }
    long n = Long.parseLong(m.group(1));
    int shift;
    switch (m.group(2).toUpperCase(java.util.Locale.ROOT)) {
      case "B":
        shift = 0;
        break;
      case "KB":
        shift = 10;
        break;
      case "MB":
        shift = 20;
        break;
      case "GB":
        shift = 30;
        break;
      default:
        shift = 40;
    }
    if (n > (Long.MAX_VALUE >> shift)) {
      return -1;
    }
    return n << shift;
  }

  /** A non-negative count ({@code 5000000} or {@code 5_000_000}), or -1 when {@code text} is not one. */
  public static long count(String text) {
    String t = text.trim();
    if (!COUNT.matcher(t).matches()) {
      return -1;
    }
    return Long.parseLong(t.replace("_", ""));
  }
}
