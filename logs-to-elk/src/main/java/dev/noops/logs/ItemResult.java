package dev.noops.logs;

/**
 * The outcome of one {@code _bulk} item: its status and, when it failed, the error type and reason.
 */
record ItemResult(int status, String errorType, String reason) {

  boolean succeeded(boolean createOp) {
    return (status >= 200 && status < 300) || (createOp && status == 409);
  }

  /** Worth sending again: the cluster was busy or broken, not the document. */
  boolean retryable() {
    return status == 429
        || status >= 500
        || "es_rejected_execution_exception".equals(errorType)
        || "rejected_execution_exception".equals(errorType);
  }
}
