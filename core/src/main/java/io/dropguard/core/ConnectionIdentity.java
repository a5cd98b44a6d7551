package io.dropguard.core;

import io.dropguard.core.analysis.Dialect;

/**
 * What a connection is connected to.
 *
 * @param realUrl the real driver's URL (never the {@code jdbc:dropguard:} one); may hold a password, mask it
 *     before showing it
 * @param user the database user, or null when unknown
 * @param product database product name from the metadata, or null
 * @param productVersion database product version, or null
 * @param marker the database's identity marker ({@code dropguard mark}), or null when none is set or readable
 * @param dialect the SQL dialect
 */
public record ConnectionIdentity(
    String realUrl, String user, String product, String productVersion, String marker, Dialect dialect) {}
