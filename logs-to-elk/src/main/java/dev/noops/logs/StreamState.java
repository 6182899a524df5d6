package dev.noops.logs;

/**
 * What one log stream has told so far: a stream is one execution environment, whose invocations
 * run one after another, so a line between {@code START} and {@code REPORT} belongs to that request.
 */
final class StreamState {
  private String current;
  private String last;

  /** The request id for a line that does not carry one. */
  String requestId() {
    return current;
  }

  /** The request of the latest {@code REPORT} (for an {@code XRAY} line on its own). */
  String lastRequestId() {
    return last;
  }

  void seen(String action, String requestId) {
    if (requestId == null) {
      return;
    }
    if ("start".equals(action)) {
      current = requestId;
    } else if ("report".equals(action)) {
      current = null;
      last = requestId;
    }
  }
}
