package dev.noops.correlation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/** The packed attribute on SNS {@code Publish} and {@code PublishBatch}. */
final class SnsInjection {
  private static final Logger LOG = LoggerFactory.getLogger(CorrelationSdkInterceptor.class);

  private SnsInjection() {}

  static SdkRequest inject(SdkRequest request, CorrelationIds ids) {
    String packed = JsonWriter.object(ids.forwarded());
    if (request instanceof PublishRequest publish) {
      String refusal =
          MessageLimits.refusal(
              publish.message(), publish.messageAttributes(), SnsInjection::bytes, packed);
      if (refusal != null) {
        warn(refusal, 1);
        return publish;
      }
      return publish.toBuilder()
          .messageAttributes(withPacked(publish.messageAttributes(), packed))
          .build();
    }
    if (request instanceof PublishBatchRequest batch) {
      List<PublishBatchRequestEntry> entries =
          new ArrayList<>(batch.publishBatchRequestEntries().size());
      String refusal = null;
      int refused = 0;
      for (PublishBatchRequestEntry entry : batch.publishBatchRequestEntries()) {
        String why =
            MessageLimits.refusal(
                entry.message(), entry.messageAttributes(), SnsInjection::bytes, packed);
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
      return batch.toBuilder().publishBatchRequestEntries(entries).build();
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
      LOG.warn("{} SNS message(s) sent without correlation IDs: {}", refused, refusal);
    }
  }

  private static int bytes(MessageAttributeValue value) {
    return MessageLimits.utf8(value.dataType())
        + MessageLimits.utf8(value.stringValue())
        + (value.binaryValue() == null ? 0 : value.binaryValue().asByteArrayUnsafe().length);
  }
}
