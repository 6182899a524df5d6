package dev.noops.logs;

/**
 * The figures of a Lambda {@code REPORT} line (or a {@code platform.report} record); absent ones
 * are null.
 *
 * @param status {@code timeout}, {@code error}, or for JSON records also {@code success}
 */
record LambdaReport(
    Double durationMs,
    Double billedDurationMs,
    Double memorySizeMb,
    Double maxMemoryUsedMb,
    Double initDurationMs,
    Double restoreDurationMs,
    String status,
    String errorType) {

  static final LambdaReport NONE = new LambdaReport(null, null, null, null, null, null, null, null);

  /** A cold start is the first invocation of an execution environment: it reports its init time. */
  boolean coldStart() {
    return initDurationMs != null;
  }
}
