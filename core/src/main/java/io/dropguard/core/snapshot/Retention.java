package io.dropguard.core.snapshot;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long complete snapshots are kept: the {@code keep:} setting of a policy's {@code snapshot:} section, an age
 * ({@code 30d}, {@code 12h}, {@code 90m}, {@code 2w}) or a count ({@code 20}: the newest twenty).
 *
 * @param maxAge snapshots older than this are pruned, or null
 * @param maxCount only the newest this many are kept, or 0 for no count limit
 */
public record Retention(Duration maxAge, int maxCount) {
  /** Keep everything. */
  public static final Retention FOREVER = new Retention(null, 0);

  private static final Pattern AGE = Pattern.compile("(\\d+)\\s*([mhdw])");

  /**
   * Parses {@code 30d}, {@code 12h}, {@code 90m}, {@code 2w} or a plain count.
   *
   * @throws IllegalArgumentException with a message naming the accepted forms
   */
  public static Retention parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.matches("\\d+")) {
      int n = Integer.parseInt(t);
      if (n < 1) {
        throw new IllegalArgumentException("keep: " + text + " would keep no snapshot; use a count of 1 or more");
      }
      return new Retention(null, n);
    }
    Matcher m = AGE.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "keep: '" + text + "' is neither an age (30d, 12h, 90m, 2w) nor a count (20)");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          case "d" -> Duration.ofDays(n);
          default -> Duration.ofDays(7 * n);
        };
    return new Retention(d, 0);
  }

  /** From an age and a count, either of which may be null (the policy loader's form). */
  public static Retention of(Duration maxAge, Integer maxCount) {
    return new Retention(maxAge, maxCount == null ? 0 : maxCount);
  }

  public boolean keepsForever() {
    return maxAge == null && maxCount == 0;
  }
}
