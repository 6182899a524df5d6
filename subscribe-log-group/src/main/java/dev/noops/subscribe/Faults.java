package dev.noops.subscribe;

import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LimitExceededException;

/** Which CloudWatch Logs failures are worth retrying. */
final class Faults {
  private Faults() {}

  /** What a failure means for the caller. */
  enum Kind {
    RETRY,
    AMBIGUOUS_LIMIT,
    FINAL
  }

  static Kind classify(SdkException e) {
    if (e instanceof LimitExceededException limit) {
      return isRateMessage(
              limit.awsErrorDetails() == null
                  ? limit.getMessage()
                  : limit.awsErrorDetails().errorMessage())
          ? Kind.RETRY
          : Kind.AMBIGUOUS_LIMIT;
    }
    if (e instanceof AwsServiceException service) {
      String code =
          service.awsErrorDetails() == null
              ? ""
              : String.valueOf(service.awsErrorDetails().errorCode());
      if (code.equals("ThrottlingException")
          || code.equals("Throttling")
          || code.equals("TooManyRequestsException")
          || code.equals("OperationAbortedException")
          || code.equals("ServiceUnavailableException")
          || service.isThrottlingException()
          || service.statusCode() >= 500) {
        return Kind.RETRY;
      }
      return Kind.FINAL;
    }
    // connection reset, timeouts: the request may not have arrived; every call we make is
    // idempotent
    return e instanceof SdkClientException ? Kind.RETRY : Kind.FINAL;
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

  static String code(SdkException e) {
    if (e instanceof AwsServiceException service
        && service.awsErrorDetails() != null
        && service.awsErrorDetails().errorCode() != null) {
      return service.awsErrorDetails().errorCode();
    }
    return e.getClass().getSimpleName();
  }

  static String message(SdkException e) {
    if (e instanceof AwsServiceException service
        && service.awsErrorDetails() != null
        && service.awsErrorDetails().errorMessage() != null) {
      return service.awsErrorDetails().errorMessage();
    }
    return String.valueOf(e.getMessage());
  }
}
