package io.dropguard.core.audit;

import java.util.regex.Pattern;

/** Hides passwords in JDBC URLs before they are shown or logged. */
public final class UrlMask {
  // password=..., pwd=..., also in ;key=value (SQL Server, H2) and &key=value (query string) forms.
  private static final Pattern KEY_VALUE =
      Pattern.compile("(?i)((?:password|passwd|pwd|secret|token|accesstoken|sslpassword|keystorepassword)=)[^&;,)]*");
  // user:password@host
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:;?]*:)[^/@]*@");
  // Oracle thin: jdbc:oracle:thin:user/password@host
  private static final Pattern ORACLE = Pattern.compile("(?i)(jdbc:oracle:[a-z0-9]+:[^/@:]+/)[^@]*@");

  private UrlMask() {}

  public static String mask(String url) {
    if (url == null) {
      return null;
    }
    String s = KEY_VALUE.matcher(url).replaceAll("$1***");
    s = USER_INFO.matcher(s).replaceAll("$1***@");
    return ORACLE.matcher(s).replaceAll("$1***@");
  }
}
