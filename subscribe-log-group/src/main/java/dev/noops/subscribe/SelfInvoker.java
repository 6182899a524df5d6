package dev.noops.subscribe;

import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * Starts the next invocation of this function, asynchronously, with the continuation payload,
 * within {@code timeout} (what the invocation has left, less a margin), retries included.
 */
@FunctionalInterface
interface SelfInvoker {
  void invokeAsync(String functionArn, String payload, Duration timeout);

  /** The longest one attempt may take (the client's socket timeout is 20 s). */
  Duration ATTEMPT = Duration.ofSeconds(25);

  static SelfInvoker lambda(LambdaClient lambda) {
    return lambda(() -> lambda);
  }

  /**
   * Invokes through the client {@code lambda} supplies when first needed (a backfill's
   * continuation).
   */
  static SelfInvoker lambda(Supplier<LambdaClient> lambda) {
    return (functionArn, payload, timeout) ->
        lambda
            .get()
            .invoke(
                b ->
                    b.functionName(functionArn)
                        .invocationType(InvocationType.EVENT)
                        .payload(SdkBytes.fromUtf8String(payload))
                        .overrideConfiguration(
                            o ->
                                o.apiCallTimeout(timeout)
                                    .apiCallAttemptTimeout(
                                        timeout.compareTo(ATTEMPT) < 0 ? timeout : ATTEMPT)));
  }
}
