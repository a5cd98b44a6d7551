package io.dropguard.core.confirm;

import java.time.Duration;

/**
 * The {@code confirm:} section of a policy.
 *
 * @param ttl how long an issued token stays valid
 * @param interactive ask on the terminal when the program has one
 */
public record ConfirmOptions(Duration ttl, boolean interactive) {}
