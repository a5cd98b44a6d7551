package io.dropguard.core.confirm;

import io.dropguard.core.analysis.ObjectName;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The main class of the child JVMs of {@link CrossProcessTest} and {@link TerminalConfirmTest}: one program that
 * meets a statement needing confirmation, through the process-wide hook {@link Confirmations#confirmer}.
 *
 * <p>{@code issue|use|ask <state-dir> <table> [token]}; {@code issue} and {@code use} first print {@code READY} and
 * wait for {@code GO} on standard input, so that racing children really race.
 */
public final class ConfirmChild {
  private ConfirmChild() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Confirmer confirmer = Confirmations.confirmer(ConfirmSettings.of(args[1], null));
    ConfirmRequest request;
    if (mode.equals("ask")) {
      request = new ConfirmRequest(Fixtures.deleteAll(args[2]), Fixtures.PG, "pilot-prod", "policies/pilot.yaml:14",
          null, null, new ConfirmOptions(Duration.ofMinutes(10), true),
          (ObjectName t) -> t.name().equals("orders") ? 1234L : null);
    } else {
      System.out.println("READY");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      if (!"GO".equals(in.readLine())) {
        throw new IllegalStateException("no GO");
      }
      String token = mode.equals("use") ? args[3] : null;
      request = Fixtures.presenting(Fixtures.deleteAll(args[2]), Fixtures.PG, token, token == null ? null : "setting");
    }
    Confirmation c = confirmer.confirm(request);
    System.out.println("RESULT confirmed=" + c.confirmed() + " how=" + c.how());
    if (c.explanation() != null) {
      System.out.println("WHY " + c.explanation().lines().findFirst().orElse(""));
      if (c.explanation().contains("Token: ")) {
        System.out.println("TOKEN " + Fixtures.tokenOf(c));
      }
    }
    if (mode.equals("issue")) {
      // the key itself (hashed): tokens issued a moment apart may differ by their expiry slot, the key may not
      byte[] key = InstallationSecret.load(ConfirmSettings.of(args[1], null));
      System.out.println("KEY " + java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(key)));
    }
    System.out.println("STATE " + Path.of(args[1]).toAbsolutePath());
  }
}
