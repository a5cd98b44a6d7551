package io.dropguard;

import java.sql.Connection;
import java.sql.SQLException;

/** Where a guarded connection came from, so that the guard can open a separate one to the same database. */
@FunctionalInterface
interface ConnectionOrigin {
  /** A new real (unguarded) connection with the same URL and credentials; the caller closes it. */
  Connection openReal() throws SQLException;

  /** For {@code DropGuard.wrap(Connection)}: nothing to open another connection from. */
  static ConnectionOrigin none() {
    return () -> {
      throw new java.sql.SQLFeatureNotSupportedException(
          "DropGuard: this connection was guarded on its own (DropGuard.wrap(Connection)), so DropGuard cannot "
              + "open a second connection to the same database for it.\n"
              + "To proceed: guard the DataSource instead (DropGuard.wrap(dataSource)) or use a jdbc:dropguard: URL.");
    };
  }
}
