package dev.noops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * What the SDK's standard strategy may retry for PutMetricData: never an unreachable CloudWatch.
 */
class CloudWatchRetryConditionTest {
  @Test
  void throttling_and_5xx_are_retried_other_answers_are_not() {
    assertThat(CloudWatchPublisher.retryable(answer(400, "Throttling"))).isTrue();
    assertThat(CloudWatchPublisher.retryable(answer(429, "TooManyRequestsException"))).isTrue();
    assertThat(CloudWatchPublisher.retryable(answer(503, "ServiceUnavailable"))).isTrue();
    assertThat(CloudWatchPublisher.retryable(answer(400, "InvalidParameterValue"))).isFalse();
    assertThat(CloudWatchPublisher.retryable(answer(403, "AccessDenied"))).isFalse();
  }

  @Test
  void a_reset_is_retried_a_missing_network_path_is_not() {
    assertThat(CloudWatchPublisher.retryable(broken(new IOException("Connection reset")))).isTrue();
    assertThat(CloudWatchPublisher.retryable(broken(new ConnectException("Connection refused"))))
        .isFalse();
    assertThat(CloudWatchPublisher.retryable(broken(new SocketTimeoutException("Read timed out"))))
        .isFalse();
    assertThat(
            CloudWatchPublisher.retryable(broken(new UnknownHostException("monitoring.invalid"))))
        .isFalse();
  }

  @Test
  void the_deadline_is_not_retried() {
    assertThat(CloudWatchPublisher.retryable(ApiCallTimeoutException.create(1000))).isFalse();
    assertThat(CloudWatchPublisher.retryable(new IllegalStateException("not an SDK failure")))
        .isFalse();
  }

  private static AwsServiceException answer(int status, String code) {
    return AwsServiceException.builder()
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("x").build())
        .build();
  }

  private static SdkClientException broken(Throwable cause) {
    return SdkClientException.builder()
        .message("Unable to execute HTTP request")
        .cause(cause)
        .build();
  }
}
