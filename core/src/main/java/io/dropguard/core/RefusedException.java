package io.dropguard.core;

/** Thrown by core when a connection or statement is refused; the driver turns it into its SQLException. */
public final class RefusedException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Refusal refusal;

  public RefusedException(Refusal refusal) {
    super(refusal.message());
    this.refusal = refusal;
  }

  public RefusedException(Refusal refusal, Throwable cause) {
    super(refusal.message(), cause);
    this.refusal = refusal;
  }

  public Refusal refusal() {
    return refusal;
  }
}
