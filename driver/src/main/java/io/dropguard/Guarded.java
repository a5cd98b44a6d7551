package io.dropguard;

/** Marks a JDBC object DropGuard already guards, so that it is never wrapped twice. */
public interface Guarded {}
