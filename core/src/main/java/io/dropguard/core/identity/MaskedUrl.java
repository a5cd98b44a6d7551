package io.dropguard.core.identity;

import java.util.regex.Pattern;

/** JDBC URLs as they may be shown to a person: every password replaced by {@code ****}. */
public final class MaskedUrl {
  // password=..., pwd=..., passwd=... as query (&) or property (;) parameters
  private static final Pattern PARAMETER =
      Pattern.compile("(?i)((?:^|[?&;:])(?:password|passwd|pwd|pass)\\s*=)[^&;)]*");
  // //user:secret@host
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?;]*):[^@/?;]*@");
  // Oracle thin: jdbc:oracle:thin:scott/tiger@host
  private static final Pattern SLASH_CREDENTIALS = Pattern.compile("(?i)(:thin:[^/@:]*)/[^@]*@");

  private MaskedUrl() {}

  /** {@code url} with every password masked; null stays null. */
  public static String of(String url) {
    if (url == null) {
      return null;
    }
    String masked = PARAMETER.matcher(url).replaceAll("$1****");
    masked = USER_INFO.matcher(masked).replaceAll("$1:****@");
    return SLASH_CREDENTIALS.matcher(masked).replaceAll("$1/****@");
  }
}
