package dev.noops.correlation;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.ToIntFunction;

/** Whether one more message attribute fits an SNS/SQS message. */
final class MessageLimits {
  /** SNS and SQS accept at most 10 message attributes per message. */
  static final int MAX_ATTRIBUTES = 10;

  /** 256 KiB, body and attributes together: the SNS limit and the classic SQS one. */
  static final int MAX_MESSAGE_BYTES = 262_144;

  private MessageLimits() {}

  /** Why the packed attribute cannot be added, or null when it can. */
  static <V> String refusal(
      String body, Map<String, V> attributes, ToIntFunction<V> valueBytes, String packed) {
    if (attributes.containsKey(CorrelationIds.PACKED_ATTRIBUTE)) {
      return "";
    }
    if (attributes.size() >= MAX_ATTRIBUTES) {
      return "it has " + attributes.size() + " message attributes already";
    }
    long size =
        (long) utf8(body) + utf8(CorrelationIds.PACKED_ATTRIBUTE) + utf8("String") + utf8(packed);
    for (Map.Entry<String, V> attribute : attributes.entrySet()) {
      size += utf8(attribute.getKey()) + valueBytes.applyAsInt(attribute.getValue());
    }
    return size > MAX_MESSAGE_BYTES ? "it would grow past " + MAX_MESSAGE_BYTES + " bytes" : null;
  }

  static int utf8(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }
}
