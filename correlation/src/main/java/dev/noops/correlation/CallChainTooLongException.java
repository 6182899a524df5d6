package dev.noops.correlation;

/**
 * Thrown instead of forwarding the correlation IDs when the request has already passed through as
 * many services as {@code NOOPS_MAX_CALL_CHAIN_LENGTH} allows: the call would make the chain
 * longer, which is what an accidental recursion (a function that triggers itself through SNS, SQS,
 * Kinesis, EventBridge, Lambda or HTTP) does. Let it fail the invocation; a retry from the same
 * event hits it again, so such messages end in the dead-letter queue instead of looping.
 */
public final class CallChainTooLongException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int callChainLength;
  private final int maxCallChainLength;

  CallChainTooLongException(int callChainLength, int maxCallChainLength, String target) {
    super(
        "call chain length "
            + callChainLength
            + " has reached the maximum of "
            + maxCallChainLength
            + " ("
            + LoopGuard.ENV
            + "): refusing to forward correlation IDs to "
            + target
            + "; this looks like a recursion");
    this.callChainLength = callChainLength;
    this.maxCallChainLength = maxCallChainLength;
  }

  /** How many services the request passed through, this one included. */
  public int callChainLength() {
    return callChainLength;
  }

  /** The configured maximum ({@code NOOPS_MAX_CALL_CHAIN_LENGTH}). */
  public int maxCallChainLength() {
    return maxCallChainLength;
  }
}
