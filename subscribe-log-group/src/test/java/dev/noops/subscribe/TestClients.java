package dev.noops.subscribe;

import dev.noops.support.aws.AwsCredentials;
import dev.noops.support.aws.AwsJsonClient;
import dev.noops.testsupport.AwsWireMock;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The clients the Lambda builds ({@link CloudWatchLogs}, the {@link SelfInvoker}'s Lambda API)
 * pointed at the scripted servers, configured as production configures them.
 */
final class TestClients {
  static final Supplier<AwsCredentials> CREDENTIALS =
      () -> new AwsCredentials("test", "test", null);
  static final String REGION = "eu-west-1";
  static final RetryPolicy FAST_RETRY =
      new RetryPolicy(6, Duration.ofMillis(1), Duration.ofMillis(5));

  private TestClients() {}

  static CloudWatchLogs logs(AwsWireMock aws) {
    return CloudWatchLogs.create(aws.endpoint(), REGION, CREDENTIALS);
  }

  static AwsJsonClient lambda(URI endpoint) {
    return SelfInvoker.lambdaClient(endpoint, REGION, CREDENTIALS);
  }

  /** A subscriber with a fast bucket and millisecond backoff, seeded jitter. */
  static LogGroupSubscriber subscriber(CloudWatchLogs logs, SubscribeSettings settings) {
    return LogGroupSubscriber.create(logs, settings, FAST_RETRY, Sleeper.REAL, new Random(7));
  }
}
