package dev.noops.correlation;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * An AWS SDK v2 interceptor that adds the current correlation IDs to what a client sends:
 *
 * <ul>
 *   <li>SNS {@code Publish}/{@code PublishBatch} and SQS {@code SendMessage}/{@code
 *       SendMessageBatch}: one String message attribute {@code x-correlation-context} (a JSON
 *       object), because a message may carry only 10 attributes; a message that has 10 already, or
 *       would grow past 256 KiB, is sent as it is with a warning;
 *   <li>Kinesis {@code PutRecord}/{@code PutRecords}, EventBridge {@code PutEvents} (the detail)
 *       and Lambda {@code Invoke}: a {@code __context__} member in the JSON object payload; a
 *       payload that is not a JSON object is sent as it is with a warning.
 * </ul>
 *
 * It never fails a call for the IDs' sake and leaves other services' requests alone; the one
 * exception is the loop guard: past the maximum call chain length each of the calls above throws
 * {@link CallChainTooLongException} before anything is sent. Opt in per client:
 *
 * <pre>{@code
 * SqsClient sqs = SqsClient.builder()
 *     .overrideConfiguration(c -> c.addExecutionInterceptor(new CorrelationSdkInterceptor()))
 *     .build();
 * }</pre>
 *
 * Needs {@code sdk-core} and the client of each service used; the others need not be present.
 */
public final class CorrelationSdkInterceptor implements ExecutionInterceptor {
  private static final String SERVICES = "software.amazon.awssdk.services.";

  /**
   * The calls that carry IDs on: only these count as a hop for the loop guard (ReceiveMessage does
   * not).
   */
  private static final java.util.Set<String> FORWARDING =
      java.util.Set.of(
          "sns.model.PublishRequest",
          "sns.model.PublishBatchRequest",
          "sqs.model.SendMessageRequest",
          "sqs.model.SendMessageBatchRequest",
          "kinesis.model.PutRecordRequest",
          "kinesis.model.PutRecordsRequest",
          "eventbridge.model.PutEventsRequest",
          "lambda.model.InvokeRequest");

  /** An interceptor; it holds no state, one can serve every client. */
  public CorrelationSdkInterceptor() {}

  @Override
  public SdkRequest modifyRequest(
      Context.ModifyRequest context, ExecutionAttributes executionAttributes) {
    SdkRequest request = context.request();
    CorrelationIds ids = Holder.current();
    String type = request.getClass().getName();
    if (ids.isEmpty() || !type.startsWith(SERVICES)) {
      return request;
    }
    // dispatch on the package name so that only the injection of the calling service is loaded:
    // a user with the SQS client alone must never need the SNS classes
    String service = type.substring(SERVICES.length(), type.indexOf('.', SERVICES.length()));
    if (FORWARDING.contains(type.substring(SERVICES.length()))) {
      LoopGuard.check(ids, service + " " + request.getClass().getSimpleName());
    }
    return switch (service) {
      case "sns" -> SnsInjection.inject(request, ids);
      case "sqs" -> SqsInjection.inject(request, ids);
      case "kinesis" -> KinesisInjection.inject(request, ids);
      case "eventbridge" -> EventBridgeInjection.inject(request, ids);
      case "lambda" -> LambdaInjection.inject(request, ids);
      default -> request;
    };
  }
}
