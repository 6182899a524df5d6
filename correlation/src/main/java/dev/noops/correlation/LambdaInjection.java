package dev.noops.correlation;

import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;

/** {@code __context__} in the JSON object payload of Lambda {@code Invoke}. */
final class LambdaInjection {
  /** Payload limits: 6 MB for a synchronous invocation, 1 MiB for an asynchronous one. */
  static final int MAX_SYNC_BYTES = 6_291_456;

  static final int MAX_ASYNC_BYTES = 1_048_576;

  private LambdaInjection() {}

  static SdkRequest inject(SdkRequest request, CorrelationIds ids) {
    if (!(request instanceof InvokeRequest invoke) || invoke.payload() == null) {
      return request;
    }
    JsonPayloadInjection.Refusals refusals = new JsonPayloadInjection.Refusals();
    String text = Json.strictUtf8(invoke.payload().asByteArrayUnsafe());
    String json = text == null ? null : JsonPayloadInjection.inject(text, ids, refusals);
    if (text == null) {
      refusals.notJson++;
    }
    SdkBytes payload = null;
    if (json != null) {
      byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
      int limit =
          invoke.invocationType() == InvocationType.EVENT ? MAX_ASYNC_BYTES : MAX_SYNC_BYTES;
      if (bytes.length > limit) {
        refusals.tooBig++;
      } else {
        payload = SdkBytes.fromByteArrayUnsafe(bytes);
      }
    }
    refusals.warn("Lambda payload(s)");
    return payload == null ? invoke : invoke.toBuilder().payload(payload).build();
  }
}
