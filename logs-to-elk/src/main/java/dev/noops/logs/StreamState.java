package dev.noops.logs;

/**
 * What one log stream has told so far: a stream is one execution environment, whose invocations run
 * one after another, so a line between {@code START} and {@code REPORT} belongs to that request.
 */
final class StreamState {
  private String current;
  private String last;
  private boolean initialising;
  private boolean cold;

  /** The request id for a line that does not carry one. */
  String requestId() {
    return current;
  }

  /** The request of the latest {@code REPORT} (for an {@code XRAY} line on its own). */
  String lastRequestId() {
    return last;
  }

  /**
   * Whether the line just seen belongs to a cold start: from {@code INIT_START} through the first
   * invocation's {@code REPORT} (a stream delivered from its middle has no {@code INIT_START}, so
   * its lines are not marked).
   */
  boolean cold() {
    return cold;
  }

  void seen(String action, String requestId) {
    if ("init_start".equals(action)) {
      initialising = true;
      cold = true;
    } else if ("start".equals(action)) {
      cold = initialising;
      initialising = false;
    } else if ("report".equals(action)) {
      cold = false; // the REPORT line itself carries faas.coldstart from its Init Duration
    }
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
