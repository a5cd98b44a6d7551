package io.dropguard.core.confirm;

/** Decides whether a statement that needs confirmation has it. */
public interface Confirmer {
  /** Checks (and uses up) a presented token, or asks at the terminal, or issues a new token. Never throws. */
  Confirmation confirm(ConfirmRequest request);
}
