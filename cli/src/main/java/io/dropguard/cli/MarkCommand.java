package io.dropguard.cli;

import io.dropguard.Attachment;
import io.dropguard.core.analysis.Dialect;
import io.dropguard.core.identity.MarkerStore;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * {@code dropguard mark --url U --as NAME [--user U --password P]}: stores the database's identity marker inside
 * the database, so that a policy with {@code match: {marker: NAME}} governs it whatever URL reaches it.
 */
final class MarkCommand {
  static final String USAGE =
      "usage: dropguard mark --url JDBC_URL --as NAME [--user USER] [--password PASSWORD]\n"
          + "  Stores NAME (letters, digits, _ . : -) as the identity marker of the database behind JDBC_URL,\n"
          + "  in the table " + MarkerStore.TABLE + " of the connection's default schema.";

  private MarkCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    String url = null;
    String marker = null;
    Properties credentials = new Properties();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length || !option.startsWith("--")) {
        err.println("dropguard mark: " + (option.startsWith("--") ? option + " needs a value" : "unexpected '" + option + "'"));
        err.println(USAGE);
        return 2;
      }
      String value = args[++i];
      switch (option) {
        case "--url":
          url = value;
          break;
        case "--as":
          marker = value;
          break;
        case "--user":
          credentials.setProperty("user", value);
          break;
        case "--password":
          credentials.setProperty("password", value);
          break;
        default:
          err.println("dropguard mark: unknown option " + option);
          err.println(USAGE);
          return 2;
      }
    }
    if (url == null || marker == null) {
      err.println("dropguard mark: " + (url == null ? "--url" : "--as") + " is required");
      err.println(USAGE);
      return 2;
    }
    if (!MarkerStore.isValidMarker(marker)) {
      err.println("dropguard mark: '" + marker + "' is not a valid marker: use 1 to 100 letters, digits, '_', '.', ':' or '-'");
      return 2;
    }
    // The marker is written with the real driver; a jdbc:dropguard: URL names the same database.
    String realUrl = Attachment.realUrl(url) != null ? Attachment.realUrl(url) : url;
    String masked = Attachment.maskedUrl(realUrl);
    MarkerStore store = MarkerStore.forDialect(Dialect.fromJdbcUrl(realUrl));
    try (Connection c = DriverManager.getConnection(realUrl, credentials)) {
      MarkerStore.Written written = store.write(c, marker, markedBy());
      MarkerStore.Reading check = store.read(c, false);
      if (!marker.equals(check.marker())) {
        err.println("dropguard mark: the marker was written to " + written.location() + " but reads back as "
            + check.status() + (check.problem() == null ? "" : " (" + check.problem() + ")"));
        return 1;
      }
      out.println("Marked " + masked + " as '" + marker + "' (stored in " + written.location() + ").");
      out.println("Policies with 'match: {marker: " + marker + "}' now govern this database, whatever URL, host"
          + " name or alias reaches it.");
      if (written.grantProblem() != null) {
        err.println("dropguard mark: warning: " + written.grantProblem() + ". Users who cannot read it are"
            + " matched by URL and user only.");
      }
      return 0;
    } catch (SQLException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage().replace(realUrl, masked);
      err.println("dropguard mark: could not mark " + masked + ": " + Attachment.maskedUrl(reason));
      if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
        err.println("To proceed: check the URL and credentials, and that the database's JDBC driver is on the class path.");
      } else {
        err.println("To proceed: run mark as a user that may create a table in the default schema of " + masked + ".");
      }
      return 1;
    }
  }

  private static String markedBy() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "unknown-host";
      }
    }
    return System.getProperty("user.name", "unknown") + "@" + host;
  }
}
