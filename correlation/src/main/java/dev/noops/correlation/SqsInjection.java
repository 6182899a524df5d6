package dev.noops.correlation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** The packed attribute on SQS {@code SendMessage} and {@code SendMessageBatch}. */
final class SqsInjection {
  private static final Logger LOG = LoggerFactory.getLogger(CorrelationSdkInterceptor.class);

  private SqsInjection() {}

  static SdkRequest inject(SdkRequest request, CorrelationIds ids) {
    String packed = JsonWriter.object(ids.forwarded());
    if (request instanceof SendMessageRequest send) {
      String refusal =
          MessageLimits.refusal(
              send.messageBody(), send.messageAttributes(), SqsInjection::bytes, packed);
      if (refusal != null) {
        warn(refusal, 1);
        return send;
      }
      return send.toBuilder()
          .messageAttributes(withPacked(send.messageAttributes(), packed))
          .build();
    }
    if (request instanceof SendMessageBatchRequest batch) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.entries().size());
      String refusal = null;
      int refused = 0;
      for (SendMessageBatchRequestEntry entry : batch.entries()) {
        String why =
            MessageLimits.refusal(
                entry.messageBody(), entry.messageAttributes(), SqsInjection::bytes, packed);
        if (why == null) {
          entries.add(
              entry.toBuilder()
                  .messageAttributes(withPacked(entry.messageAttributes(), packed))
                  .build());
        } else {
          entries.add(entry);
          refusal = why.isEmpty() ? refusal : why;
          refused += why.isEmpty() ? 0 : 1;
        }
      }
      warn(refusal, refused);
      return batch.toBuilder().entries(entries).build();
    }
    return request;
  }

  private static Map<String, MessageAttributeValue> withPacked(
      Map<String, MessageAttributeValue> attributes, String packed) {
    Map<String, MessageAttributeValue> out = new LinkedHashMap<>(attributes);
    out.put(
        CorrelationIds.PACKED_ATTRIBUTE,
        MessageAttributeValue.builder().dataType("String").stringValue(packed).build());
    return out;
  }

  /**
   * One warning per call, however many entries of a batch were refused; none when they carry the
   * IDs already.
   */
  private static void warn(String refusal, int refused) {
    if (refusal != null && !refusal.isEmpty()) {
      LOG.warn("{} SQS message(s) sent without correlation IDs: {}", refused, refusal);
    }
  }

  private static int bytes(MessageAttributeValue value) {
    return MessageLimits.utf8(value.dataType())
        + MessageLimits.utf8(value.stringValue())
        + (value.binaryValue() == null ? 0 : value.binaryValue().asByteArrayUnsafe().length);
  }
}
