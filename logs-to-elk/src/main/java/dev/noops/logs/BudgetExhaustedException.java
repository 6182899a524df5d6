package dev.noops.logs;

/** The invocation's time budget ran out with documents still undelivered. */
public final class BudgetExhaustedException extends ShipperException {
  private static final long serialVersionUID = 1L;

  private final int undelivered;

  BudgetExhaustedException(int undelivered) {
    super(
        "time budget exhausted with "
            + undelivered
            + " documents undelivered; failing the invocation so it is retried");
    this.undelivered = undelivered;
  }

  /** How many documents were still undelivered when the time ran out. */
  public int undelivered() {
    return undelivered;
  }
}
