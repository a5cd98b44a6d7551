package io.dropguard.agent.apps;

import java.util.stream.Collectors;

/** Prints, on standard error, the non-daemon threads still alive besides the caller (a JVM waits for them). */
public final class NonDaemonThreads {
  private NonDaemonThreads() {}

  public static void report() {
    String others =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t != Thread.currentThread() && !t.isDaemon() && t.isAlive())
            .map(Thread::getName)
            .sorted()
            .collect(Collectors.joining(","));
    System.err.println("NON-DAEMON-THREADS [" + others + "]");
  }
}
