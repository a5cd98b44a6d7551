package io.dropguard.core.confirm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The key tokens are derived with: {@code dropguard.confirm_secret} when given, else {@code <state_dir>/secret},
 * 256 random bits written as 64 hex digits on first use.
 *
 * <p>The key is the secret's text (UTF-8), in both cases, so that copying the file's content into
 * {@code dropguard.confirm_secret} on other hosts makes them issue and accept the same tokens.
 *
 * <p>Creation is atomic and never overwrites: the key is written and synced to a private temporary file, which is
 * then hard-linked to {@code secret}. When two processes race, one link wins and both read the winner's key.
 */
final class InstallationSecret {
  static final String FILE = "secret";
  static final int MIN_GIVEN_LENGTH = 16;
  private static final System.Logger LOG = System.getLogger(InstallationSecret.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  private InstallationSecret() {}

  static byte[] load(ConfirmSettings settings) throws ConfirmStateException {
    if (settings.secret() != null) {
      String s = settings.secret().strip();
      if (s.length() < MIN_GIVEN_LENGTH) {
        throw new ConfirmStateException(ConfirmSettings.SECRET + " is too short (" + s.length()
            + " characters; at least " + MIN_GIVEN_LENGTH + "): generate one with `openssl rand -hex 32`");
      }
      return s.getBytes(StandardCharsets.UTF_8);
    }
    Path dir = StateDirectory.ensure(settings.stateDir());
    Path file = dir.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        create(dir, file);
      }
      return read(file);
    } catch (IOException e) {
      throw new ConfirmStateException("cannot read or create the confirmation secret " + file + ": " + e, e);
    }
  }

  private static void create(Path dir, Path file) throws IOException {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    StringBuilder hex = new StringBuilder(65);
    for (byte b : raw) {
      hex.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
    }
    hex.append('\n');
    Path tmp = Files.createTempFile(dir, "secret.", ".tmp", StateDirectory.ownerOnlyFile());
    try {
      Files.write(tmp, hex.toString().getBytes(StandardCharsets.US_ASCII), StandardOpenOption.SYNC);
      try {
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException lost) {
        // Another process created it first: use theirs.
      } catch (UnsupportedOperationException | IOException noLinks) {
        if (!Files.exists(file)) {
          // File systems without hard links: a move that does not replace; the race window is tiny.
          Files.move(tmp, file);
        }
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static byte[] read(Path file) throws IOException {
    if (StateDirectory.posix()) {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
      if (p.stream().anyMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"))) {
        LOG.log(System.Logger.Level.WARNING, "DropGuard confirmation secret {0} is readable by others ({1}): "
            + "they could issue tokens. Run: chmod 600 {0}", file, PosixFilePermissions.toString(p));
      }
    }
    String s = Files.readString(file, StandardCharsets.US_ASCII).strip();
    if (s.length() < MIN_GIVEN_LENGTH) {
      throw new IOException("the file holds no usable key (" + s.length() + " characters); delete it to make a new one");
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
