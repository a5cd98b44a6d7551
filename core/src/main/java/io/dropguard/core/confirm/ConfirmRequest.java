package io.dropguard.core.confirm;

import io.dropguard.core.ConnectionIdentity;
import io.dropguard.core.analysis.StatementAnalysis;

/**
 * A statement that a policy says may run only when confirmed.
 *
 * @param statement the analysed statement (its {@code normalized()} text is what a token binds to)
 * @param identity the database
 * @param policyName the deciding policy's {@code name}
 * @param ruleLocation where the deciding rule is, {@code file:line}
 * @param presentedToken a token presented through {@code DropGuard.confirm} or the {@code dropguard.confirm}
 *     setting, or null (a leading {@code dropguard:confirm} comment is read from the statement text itself)
 * @param presentedHow how {@code presentedToken} came: {@code api} or {@code setting}, or null
 * @param options the policy's {@code confirm:} section
 */
public record ConfirmRequest(
    StatementAnalysis statement,
    ConnectionIdentity identity,
    String policyName,
    String ruleLocation,
    String presentedToken,
    String presentedHow,
    ConfirmOptions options) {}
