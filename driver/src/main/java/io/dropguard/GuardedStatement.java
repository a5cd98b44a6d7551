package io.dropguard;

import java.sql.Statement;

/** A guarded {@link Statement}; everything is in {@link StatementWrapper}. */
final class GuardedStatement extends StatementWrapper<Statement> {
  GuardedStatement(GuardedConnection connection, Statement delegate) {
    super(connection, delegate);
  }
}
