package io.dropguard;

/**
 * Marks a JDBC object that DropGuard already guards, so that it is never wrapped twice. A pool's proxy over a
 * guarded connection is recognised through {@code isWrapperFor(Guarded.class)}.
 */
public interface Guarded {}
