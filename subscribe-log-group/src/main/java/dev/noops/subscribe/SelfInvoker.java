package dev.noops.subscribe;

import dev.noops.support.Backoff;
import dev.noops.support.Deadline;
import dev.noops.support.aws.AwsCredentials;
import dev.noops.support.aws.AwsEndpoints;
import dev.noops.support.aws.AwsJsonClient;
import dev.noops.support.aws.FunctionCredentials;
import dev.noops.support.aws.SigV4;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts the next invocation of this function, asynchronously, with the continuation payload,
 * within {@code timeout} (what the invocation has left, less a margin), retries included.
 */
@FunctionalInterface
interface SelfInvoker {
  void invokeAsync(String functionArn, String payload, Duration timeout);

  /** The longest one attempt may take, connecting and reading included. */
  Duration ATTEMPT = Duration.ofSeconds(25);

  /** Attempts of one Invoke, the first included (the SDK's standard retry strategy makes 3). */
  int ATTEMPTS = 3;

  /**
   * Lambda's REST-JSON API ({@code Invoke}) as this process is configured: region, endpoint ({@code
   * AWS_ENDPOINT_URL_LAMBDA}, {@code AWS_ENDPOINT_URL}, their {@code aws.endpointUrl*} properties)
   * and credentials ({@link FunctionCredentials}).
   */
  static AwsJsonClient lambdaFromSystem() {
    return lambdaClient(
        AwsJsonClient.forService(
            "lambda", "Lambda", AwsEndpoints.fromSystem(), FunctionCredentials.fromSystem()));
  }

  /** Lambda's API at {@code endpoint}, in {@code region}. */
  static AwsJsonClient lambdaClient(
      URI endpoint, String region, Supplier<AwsCredentials> credentials) {
    return lambdaClient(AwsJsonClient.forService("lambda", endpoint, region, credentials));
  }

  private static AwsJsonClient lambdaClient(AwsJsonClient.Builder lambda) {
    return lambda
        .maxAttempts(ATTEMPTS)
        .attemptTimeout(ATTEMPT)
        .backoff(Backoff.builder().delays(Duration.ofMillis(100), Duration.ofSeconds(20)).build())
        .build();
  }

  /**
   * Invokes ({@code X-Amz-Invocation-Type: Event}) through the client {@code lambda} supplies when
   * first needed (a backfill's continuation).
   */
  static SelfInvoker lambda(Supplier<AwsJsonClient> lambda) {
    return (functionArn, payload, timeout) ->
        lambda
            .get()
            .send(
                "POST",
                "/2015-03-31/functions/" + SigV4.encode(functionArn) + "/invocations",
                Map.of("X-Amz-Invocation-Type", "Event", "Content-Type", "application/json"),
                payload.getBytes(StandardCharsets.UTF_8),
                Deadline.after(timeout));
  }
}
