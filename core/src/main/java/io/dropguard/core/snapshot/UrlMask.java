package io.dropguard.core.snapshot;

import java.util.regex.Pattern;

/** Takes passwords out of JDBC URLs before they are written into a manifest or shown. */
final class UrlMask {
  private static final Pattern PARAM = Pattern.compile("(?i)([?&;:]password=)[^&;]*");
  private static final Pattern USERINFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

  private UrlMask() {}

  static String mask(String url) {
    if (url == null) {
      return null;
    }
    return USERINFO.matcher(PARAM.matcher(url).replaceAll("$1***")).replaceAll("$1***@");
  }
}
