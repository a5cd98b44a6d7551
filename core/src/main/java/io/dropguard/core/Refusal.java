package io.dropguard.core;

/**
 * Why a statement or a connection was stopped.
 *
 * @param state the SQLState
 * @param message the whole text a person reads: summary line, aligned fields, "To proceed:"
 */
public record Refusal(SqlState state, String message) {}
