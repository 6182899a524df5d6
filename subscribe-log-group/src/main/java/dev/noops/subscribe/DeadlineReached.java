package dev.noops.subscribe;

/**
 * The invocation's time for CloudWatch Logs calls ran out during {@code operation}: the call was
 * cut off (or not started, or its retry not waited for). Not an SDK fault, so it passes the
 * per-group fault handling up to the run, which hands the unfinished group on.
 */
final class DeadlineReached extends SubscribeException {
  private static final long serialVersionUID = 1L;

  DeadlineReached(String operation) {
    super("the invocation's time ran out during " + operation);
  }
}
