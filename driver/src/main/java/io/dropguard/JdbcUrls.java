package io.dropguard;

import io.dropguard.core.identity.MaskedUrl;

/** DropGuard's URL prefix, removed by position (never by {@code replace}), and password masking. */
final class JdbcUrls {
  static final String PREFIX = "jdbc:dropguard:";

  private JdbcUrls() {}

  static boolean isDropGuardUrl(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  /**
   * The real URL inside a {@code jdbc:dropguard:} one: {@code jdbc:dropguard:postgresql://db/x} becomes
   * {@code jdbc:postgresql://db/x}. A doubled prefix is removed as well, so that DropGuard never finds itself.
   */
  static String realUrl(String url) {
    String rest = url;
    while (isDropGuardUrl(rest)) {
      rest = "jdbc:" + rest.substring(PREFIX.length());
    }
    return rest;
  }

  static String mask(String url) {
    return MaskedUrl.of(url);
  }
}
