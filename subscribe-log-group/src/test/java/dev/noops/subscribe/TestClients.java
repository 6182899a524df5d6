package dev.noops.subscribe;

import dev.noops.testsupport.AwsWireMock;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Real SDK clients pointed at the scripted servers, configured as {@link AwsClients} configures
 * them.
 */
final class TestClients {
  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  static final RetryPolicy FAST_RETRY =
      new RetryPolicy(6, Duration.ofMillis(1), Duration.ofMillis(5));

  private TestClients() {}

  static CloudWatchLogsClient logs(AwsWireMock aws) {
    return CloudWatchLogsClient.builder()
        .endpointOverride(aws.endpoint())
        .region(Region.EU_WEST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  static LambdaClient lambda(URI endpoint) {
    return LambdaClient.builder()
        .endpointOverride(endpoint)
        .region(Region.EU_WEST_1)
        .credentialsProvider(CREDENTIALS)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A subscriber with a fast bucket and millisecond backoff, seeded jitter. */
  static LogGroupSubscriber subscriber(CloudWatchLogsClient logs, SubscribeSettings settings) {
    return LogGroupSubscriber.create(logs, settings, FAST_RETRY, Sleeper.REAL, new Random(7));
  }
}
