package dev.noops.logs;

/**
 * What one invocation did.
 *
 * @param events log events read
 * @param indexed documents the cluster accepted (log events and dead letters)
 * @param deadLettered documents that went to the dead-letter index instead (rejected events and
 *     unreadable input)
 * @param invalidInputs parts of the input that were not CloudWatch Logs data
 * @param dropped events the filter ({@code FILTER_*}) did not ship
 * @param redactions redactions per rule ({@code REDACT_RULES}, {@code REDACT_PATTERN})
 * @param untaggedRoutes events that tag routing ({@code INDEX_TAG_ROUTES}) sent by name rules or to
 *     the default prefix because their log group's tags could not be looked up (yet)
 */
public record ShipReport(
    int events,
    int indexed,
    int deadLettered,
    int invalidInputs,
    int dropped,
    java.util.Map<String, Integer> redactions,
    int untaggedRoutes) {

  /** A report without filtering or redaction. */
  public ShipReport(int events, int indexed, int deadLettered, int invalidInputs) {
    this(events, indexed, deadLettered, invalidInputs, 0, java.util.Map.of(), 0);
  }

  /** True when every event was indexed as a log document. */
  public boolean complete() {
    return deadLettered == 0 && invalidInputs == 0;
  }
}
