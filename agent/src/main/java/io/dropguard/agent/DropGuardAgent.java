package io.dropguard.agent;

import io.dropguard.core.settings.SettingsResolver;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points: {@code -javaagent:dropguard-agent.jar[=options]} ({@link #premain}) and attaching to
 * a running JVM ({@link #agentmain}). Nothing here touches {@code DriverManager} or loads a SQL parser: drivers
 * are instrumented first, and the heavy parts load when the first statement needs them.
 */
public final class DropGuardAgent {
  private static final java.util.concurrent.atomic.AtomicBoolean STARTED = new java.util.concurrent.atomic.AtomicBoolean();

  private DropGuardAgent() {}

  public static void premain(String agentArgs, Instrumentation instrumentation) {
    start(agentArgs, instrumentation);
  }

  public static void agentmain(String agentArgs, Instrumentation instrumentation) {
    start(agentArgs, instrumentation);
  }

  private static void start(String agentArgs, Instrumentation instrumentation) {
    if (!STARTED.compareAndSet(false, true)) {
      System.err.println("DropGuard agent: already active in this JVM; ignoring the second start.");
      return;
    }
    AgentOptions options = AgentOptions.parse(agentArgs);
    SettingsResolver.installAgentOptions(options.settings());
    StartNotice notice = new StartNotice(options);
    notice.reportProblems();
    try {
      AgentInstaller.install(instrumentation);
    } catch (Exception | LinkageError e) {
      notice.installFailed(e);
      if (!notice.warnOnly()) {
        // Fail closed: without the transformer nothing could be guarded, so the program must not run unguarded.
        throw new IllegalStateException("DropGuard agent could not install itself: " + e, e);
      }
      return;
    }
    notice.started();
  }
}
