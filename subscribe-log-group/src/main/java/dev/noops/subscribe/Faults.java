package dev.noops.subscribe;

import dev.noops.support.aws.AwsCallException;
import java.util.Locale;
import java.util.Set;

/** Which CloudWatch Logs failures are worth retrying. */
final class Faults {
  private Faults() {}

  static final String LIMIT_EXCEEDED = "LimitExceededException";
  static final String RESOURCE_NOT_FOUND = "ResourceNotFoundException";
  static final String INVALID_PARAMETER = "InvalidParameterException";

  private static final Set<String> RETRIED =
      Set.of(
          "ThrottlingException",
          "Throttling",
          "TooManyRequestsException",
          "OperationAbortedException",
          "ServiceUnavailableException");

  /** What a failure means for the caller. */
  enum Kind {
    RETRY,
    AMBIGUOUS_LIMIT,
    FINAL
  }

  static Kind classify(AwsCallException e) {
    if (e.status() == 0) {
      // connection reset, timeouts: the request may not have arrived; every call we make is
      // idempotent (not retried: an endpoint that is not a URL)
      return e.retryable() ? Kind.RETRY : Kind.FINAL;
    }
    String code = e.errorCode();
    if (code.equals(LIMIT_EXCEEDED)) {
      return isRateMessage(message(e)) ? Kind.RETRY : Kind.AMBIGUOUS_LIMIT;
    }
    // retryable(): the client's throttling codes, 429 and 5xx
    return RETRIED.contains(code) || e.retryable() || e.status() >= 500 ? Kind.RETRY : Kind.FINAL;
  }

  /**
   * CloudWatch Logs uses LimitExceededException both for "too many requests" and for "too many
   * resources". Only the first says so in its message ("Rate exceeded").
   */
  static boolean isRateMessage(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("rate exceeded")
        || m.contains("throttl")
        || m.contains("too many requests")
        || m.contains("rate limit");
  }

  /** The service's error code, or the exception's kind when the service did not answer. */
  static String code(AwsCallException e) {
    return e.errorCode().isEmpty() ? e.getClass().getSimpleName() : e.errorCode();
  }

  /**
   * The service's own message, read from its error answer; the exception's whole text when the
   * service sent no error answer (no answer came, or a 2xx answer damaged in transit).
   */
  static String message(AwsCallException e) {
    boolean errorAnswer = e.status() != 0 && (e.status() < 200 || e.status() >= 300);
    return errorAnswer ? e.serviceMessage() : String.valueOf(e.getMessage());
  }
}
