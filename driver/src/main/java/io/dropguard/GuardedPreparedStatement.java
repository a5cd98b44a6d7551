package io.dropguard;

import java.sql.PreparedStatement;

/** A guarded {@link PreparedStatement}; everything is in {@link PreparedStatementWrapper}. */
final class GuardedPreparedStatement extends PreparedStatementWrapper<PreparedStatement> {
  GuardedPreparedStatement(GuardedConnection connection, PreparedStatement delegate, String sql, boolean harmless) {
    super(connection, delegate, sql, harmless);
  }
}
