package io.dropguard.core.confirm;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The state directory: created owner-only (0700); its files are created owner-only (0600). */
final class StateDirectory {
  private static final System.Logger LOG = System.getLogger(StateDirectory.class.getName());
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private StateDirectory() {}

  static Path ensure(Path dir) throws ConfirmStateException {
    try {
      if (!Files.isDirectory(dir)) {
        if (POSIX) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(dir);
        }
      } else if (POSIX) {
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(dir);
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
          LOG.log(System.Logger.Level.WARNING, "DropGuard state directory {0} is writable by others ({1}); "
              + "anyone who can write there can reset the used-token record. Run: chmod 700 {0}",
              dir, PosixFilePermissions.toString(p));
        }
      }
      return dir;
    } catch (IOException | UnsupportedOperationException e) {
      throw new ConfirmStateException("cannot create the DropGuard state directory " + dir + ": " + e, e);
    }
  }

  /** Attributes for a new owner-only file (none where the file system has no POSIX permissions). */
  static FileAttribute<?>[] ownerOnlyFile() {
    if (!POSIX) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
  }

  static boolean posix() {
    return POSIX;
  }
}
