package io.dropguard.agent;

import io.dropguard.agent.bootstrap.AgentBridge;
import java.sql.Connection;
import java.util.Properties;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of every {@code java.sql.Driver.connect(String, Properties)}: the caller gets the guarded
 * connection. No {@code suppress}: a refusal (ZG005) reaches the caller of {@code connect}, as a safety product
 * must; the body names only {@code io.dropguard} and JDK types because it runs inside the driver's class loader.
 */
final class DriverConnectAdvice {
  private DriverConnectAdvice() {}

  @Advice.OnMethodExit
  @SuppressWarnings("deprecation") // Return(readOnly = false) is the simplest assignment that works inlined
  static void exit(
      @Advice.Argument(0) String url,
      @Advice.Argument(1) Properties info,
      @Advice.Origin("#t.#m") String origin,
      @Advice.Return(readOnly = false) Connection connection)
      throws Exception {
    connection = (Connection) AgentBridge.connectionCreated(connection, url, info, origin);
  }
}
