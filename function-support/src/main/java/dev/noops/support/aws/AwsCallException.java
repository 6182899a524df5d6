package dev.noops.support.aws;

/**
 * An AWS call that failed: the service's error code and message when it answered, or the I/O
 * failure when it did not.
 */
public final class AwsCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status, 0 when no answer came. */
  private final int status;

  private final String errorCode;
  private final String requestId;
  private final boolean retryable;

  /** The error document the service answered with; empty when none came. */
  private final byte[] answer;

  AwsCallException(
      String message,
      int status,
      String errorCode,
      String requestId,
      boolean retryable,
      Throwable cause,
      byte[] answer) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
    this.requestId = requestId;
    this.retryable = retryable;
    this.answer = answer.clone();
  }

  /** A call the service did not answer: no status, code, request ID or answer. */
  static AwsCallException unanswered(String message, boolean retryable, Throwable cause) {
    return new AwsCallException(message, 0, "", "", retryable, cause, new byte[0]);
  }

  /** The HTTP status, 0 when the service did not answer (a timeout, a refused connection). */
  public int status() {
    return status;
  }

  /**
   * The service's error code without its namespace, e.g. {@code ResourceNotFoundException}; empty
   * when the service did not answer or sent none.
   */
  public String errorCode() {
    return errorCode;
  }

  /** The service's request ID, empty when there was none. */
  public String requestId() {
    return requestId;
  }

  /**
   * Whether the same call may succeed later: throttling, a 5xx, a timeout, a dropped connection.
   */
  public boolean retryable() {
    return retryable;
  }

  /**
   * The body of the service's error answer (e.g. DynamoDB's {@code CancellationReasons} of a
   * cancelled transaction); empty when the service did not answer or sent none.
   */
  public byte[] answer() {
    return answer.clone();
  }

  /**
   * The message of the service's error answer (its {@code message}, {@code Message} or {@code
   * errorMessage}); empty when the service did not answer or sent none.
   */
  public String serviceMessage() {
    return ErrorAnswer.read(answer).message();
  }

  /** Whether the service answered with this error code. */
  public boolean is(String code) {
    return errorCode.equals(code);
  }
}
