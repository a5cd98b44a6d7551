package io.dropguard.agent;

import io.dropguard.agent.bootstrap.AgentBridge;
import java.sql.Connection;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of {@code org.h2.util.JdbcUtils.getConnection(driver, url, user, password, ...)}: H2's own
 * tools (Shell, RunScript, the console) create H2 connections there without going through any
 * {@code Driver.connect}. No {@code suppress}: refusals propagate.
 */
final class EmbeddedToolConnectAdvice {
  private EmbeddedToolConnectAdvice() {}

  @Advice.OnMethodExit
  @SuppressWarnings("deprecation")
  static void exit(
      @Advice.Argument(1) String url,
      @Advice.Origin("#t.#m") String origin,
      @Advice.Return(readOnly = false) Connection connection)
      throws Exception {
    connection = (Connection) AgentBridge.connectionCreated(connection, url, null, origin);
  }
}
