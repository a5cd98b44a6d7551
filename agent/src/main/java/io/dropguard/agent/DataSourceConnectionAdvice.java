package io.dropguard.agent;

import io.dropguard.agent.bootstrap.AgentBridge;
import java.sql.Connection;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of every {@code getConnection} of a {@code javax.sql.DataSource} and of a
 * {@code PooledConnection}/{@code XAConnection} (whose {@code getConnection} hands out the logical connection an
 * application uses). No {@code suppress}: refusals propagate. The URL is not known here; the hook reads it from
 * the connection's metadata.
 */
final class DataSourceConnectionAdvice {
  private DataSourceConnectionAdvice() {}

  @Advice.OnMethodExit
  @SuppressWarnings("deprecation")
  static void exit(
      @Advice.Origin("#t.#m") String origin, @Advice.Return(readOnly = false) Connection connection)
      throws Exception {
    connection = (Connection) AgentBridge.connectionCreated(connection, null, null, origin);
  }
}
