package io.dropguard.core.confirm;

import io.dropguard.core.ConnectionIdentity;
import io.dropguard.core.analysis.ObjectName;
import io.dropguard.core.analysis.StatementAnalysis;
import java.util.function.Function;

/**
 * A statement that a policy says may run only when confirmed.
 *
 * @param statement the analysed statement (its {@code normalized()} text is what a token binds to; a leading
 *     {@code dropguard:confirm} comment is read from its {@code text()})
 * @param identity the database
 * @param policyName the deciding policy's {@code name}
 * @param ruleLocation where the deciding rule is, {@code file:line}
 * @param presentedToken a token presented through {@code DropGuard.confirm} or the {@code dropguard.confirm}
 *     setting, or null (a leading {@code dropguard:confirm} comment is read from the statement text itself, and
 *     wins over this one)
 * @param presentedHow how {@code presentedToken} came: {@code api} or {@code setting}, or null
 * @param options the policy's {@code confirm:} section
 * @param rowCounts for the terminal prompt: the number of rows a table holds, or null when that is not cheap to
 *     know; may itself be null. Called only when the prompt is shown, and never for the token path.
 */
public record ConfirmRequest(
    StatementAnalysis statement,
    ConnectionIdentity identity,
    String policyName,
    String ruleLocation,
    String presentedToken,
    String presentedHow,
    ConfirmOptions options,
    Function<ObjectName, Long> rowCounts) {

  public static final String HOW_COMMENT = "comment";
  public static final String HOW_SETTING = "setting";
  public static final String HOW_API = "api";
  public static final String HOW_TERMINAL = "terminal";

  /** A request without row counts. */
  public ConfirmRequest(
      StatementAnalysis statement,
      ConnectionIdentity identity,
      String policyName,
      String ruleLocation,
      String presentedToken,
      String presentedHow,
      ConfirmOptions options) {
    this(statement, identity, policyName, ruleLocation, presentedToken, presentedHow, options, null);
  }
}
