package dev.noops.subscribe;

import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClientBuilder;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The real AWS clients, built the same way for the Lambda and the CLI: url-connection HTTP client,
 * region, credentials and endpoint from the default chains ({@code AWS_REGION}, {@code
 * AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_CLOUDWATCH_LOGS}, {@code AWS_ENDPOINT_URL_LAMBDA}).
 */
public final class AwsClients {
  private AwsClients() {}

  /**
   * CloudWatch Logs with the SDK's retries off: {@link LogGroupSubscriber} paces and retries every
   * attempt itself.
   */
  public static CloudWatchLogsClient cloudWatchLogs() {
    return cloudWatchLogsBuilder().build();
  }

  /**
   * The same client in {@code region} (the CLI finds the region in more places than the SDK's
   * chain).
   */
  public static CloudWatchLogsClient cloudWatchLogs(String region) {
    return cloudWatchLogsBuilder().region(Region.of(region)).build();
  }

  private static CloudWatchLogsClientBuilder cloudWatchLogsBuilder() {
    return CloudWatchLogsClient.builder()
        .httpClient(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(20))
                .build())
        .overrideConfiguration(
            o ->
                o.retryStrategy(AwsRetryStrategy.doNotRetry())
                    .apiCallAttemptTimeout(Duration.ofSeconds(25)));
  }

  static LambdaClient lambda() {
    return LambdaClient.builder()
        .httpClient(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(20))
                .build())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy()))
        .build();
  }
}
