package io.dropguard.core.audit;

import java.net.InetAddress;

/** This machine and process, as audit records name them; looked up once, lazily. */
public final class Host {
  private static volatile String name;

  private Host() {}

  public static long pid() {
    return ProcessHandle.current().pid();
  }

  /** The host name: $HOSTNAME when set (no DNS lookup), else the local host's name. */
  public static String name() {
    String n = name;
    if (n == null) {
      n = System.getenv("HOSTNAME");
      if (n == null || n.isBlank()) {
        try {
          n = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
          n = "unknown";
        }
      }
      name = n;
    }
    return n;
  }
}
