package dev.noops.subscribe;

import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/** Starts the next invocation of this function, asynchronously, with the continuation payload. */
@FunctionalInterface
interface SelfInvoker {
  void invokeAsync(String functionArn, String payload);

  static SelfInvoker lambda(LambdaClient lambda) {
    return lambda(() -> lambda);
  }

  /**
   * Invokes through the client {@code lambda} supplies when first needed (a backfill's
   * continuation).
   */
  static SelfInvoker lambda(Supplier<LambdaClient> lambda) {
    return (functionArn, payload) ->
        lambda
            .get()
            .invoke(
                b ->
                    b.functionName(functionArn)
                        .invocationType(InvocationType.EVENT)
                        .payload(SdkBytes.fromUtf8String(payload)));
  }
}
