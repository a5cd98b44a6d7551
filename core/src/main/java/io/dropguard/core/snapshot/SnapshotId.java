package io.dropguard.core.snapshot;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * [#5] Snapshot ids: UTC time to the millisecond and 40 random bits, such as {@code 20261201-182033-123-9f3a0c11e2}.
 * They sort by time, and are unique across processes because each is claimed by creating its directory, which
 * the file system does atomically.
 */
final class SnapshotId {
  static final Pattern FORMAT = Pattern.compile("\\d{8}-\\d{6}-\\d{3}-[0-9a-f]{10}");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private SnapshotId() {}

  static String generate(Instant now) {
    byte[] r = new byte[5];
    RANDOM.nextBytes(r);
    return TIME.format(now) + "-" + HexFormat.of().formatHex(r);
  }

  /** Claims a new id by creating its directory under {@code root}; returns the id. */
  static String claim(Path root, Instant now) throws IOException {
    for (int attempt = 0; ; attempt++) {
      String id = generate(now);
      try {
        DurableFile.createPrivateDirectory(root.resolve(id));
        return id;
      } catch (FileAlreadyExistsException e) {
        if (attempt > 100) {
          throw e;
        }
      }
    }
  }

  static Instant time(String id) {
    return Instant.from(TIME.parse(id.substring(0, 19)));
  }
}
