package dev.noops.subscribe;

import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClientBuilder;

/**
 * The command line's SDK client, which {@link LogGroupSubscriber#create(CloudWatchLogsClient,
 * SubscribeSettings)} takes as configuration (region, endpoint, the SDK's credentials chain with
 * profiles and SSO): region, credentials and endpoint from the default chains ({@code AWS_REGION},
 * {@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_CLOUDWATCH_LOGS}). The Lambda does not use it:
 * it calls CloudWatch Logs through {@link CloudWatchLogs#fromSystem()}.
 */
public final class AwsClients {
  private AwsClients() {}

  /** The SDK client of the default chains. */
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
}
