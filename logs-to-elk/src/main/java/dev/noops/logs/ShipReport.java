package dev.noops.logs;

/**
 * What one invocation did.
 *
 * @param events log events read
 * @param indexed documents the cluster accepted (log events and dead letters)
 * @param deadLettered documents that went to the dead-letter index instead (rejected events and unreadable input)
 * @param invalidInputs parts of the input that were not CloudWatch Logs data
 */
public record ShipReport(int events, int indexed, int deadLettered, int invalidInputs) {

  /** True when every event was indexed as a log document. */
  public boolean complete() {
    return deadLettered == 0 && invalidInputs == 0;
  }
}
