package io.dropguard.core.confirm;

/**
 * What a token confirms: one statement on one database.
 *
 * @param statement the statement's normalised text (comments removed, whitespace collapsed, names folded), so a
 *     reformatted or re-commented statement keeps its token and any change of target or predicate loses it
 * @param database the database's identity: its marker when it has one, else its URL without credentials or
 *     parameters (see {@link DatabaseIdentity#binding})
 */
record TokenBinding(String statement, String database) {
  static TokenBinding of(ConfirmRequest request) {
    return new TokenBinding(request.statement().normalized(), DatabaseIdentity.binding(request.identity()));
  }
}
