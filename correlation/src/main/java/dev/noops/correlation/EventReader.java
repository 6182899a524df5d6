package dev.noops.correlation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Finds the incoming correlation IDs in a Lambda event, given as the {@code Map} the Lambda runtime
 * deserialises JSON into. Knows API Gateway REST (v1) and HTTP API (v2), ALB, SNS, SQS (also
 * SNS→SQS envelopes and EventBridge→SQS events in the body), Kinesis, EventBridge and direct
 * invocations; anything else yields no IDs. Typed {@code aws-lambda-java-events} objects are first
 * turned into that same map by {@link TypedEvents}, a class loaded only when such an object is
 * seen.
 */
final class EventReader {
  private EventReader() {}

  /** What one event carries. {@code records} is non-null for a batch, one entry per record. */
  record Incoming(Map<String, String> ids, String apiRequestId, List<Map<String, String>> records) {
    static final Incoming NONE = new Incoming(Map.of(), null, null);
  }

  static Incoming read(Object event) {
    Map<String, Object> map =
        event instanceof byte[] bytes
            ? Json.parseObjectOrNull(Json.strictUtf8(bytes))
            : IncomingIds.asObject(event instanceof String ? null : typed(event));
    if (map == null) {
      return Incoming.NONE;
    }
    if (map.get("Records") instanceof List<?> records) {
      return new Incoming(Map.of(), null, records(records));
    }
    if (map.get("requestContext") instanceof Map<?, ?> requestContext
        && (map.containsKey("headers") || map.containsKey("multiValueHeaders"))) {
      return http(map, requestContext);
    }
    IncomingIds ids = new IncomingIds();
    if (map.containsKey("detail-type") && map.get("detail") instanceof Map<?, ?> detail) {
      ids.offerContext(detail.get(CorrelationIds.CONTEXT_MEMBER));
    } else {
      ids.offerContext(map.get(CorrelationIds.CONTEXT_MEMBER));
    }
    return new Incoming(ids.toMap(), null, null);
  }

  /** The IDs of one batch record (SQS, SNS or Kinesis); empty for any other record. */
  static Map<String, String> record(Object record) {
    Map<String, Object> map = IncomingIds.asObject(record instanceof String ? null : typed(record));
    if (map == null) {
      return Map.of();
    }
    IncomingIds ids = new IncomingIds();
    Object source =
        map.containsKey("eventSource") ? map.get("eventSource") : map.get("EventSource");
    if ("aws:sqs".equals(source)) {
      sqs(map, ids);
    } else if ("aws:sns".equals(source) && map.get("Sns") instanceof Map<?, ?> sns) {
      attributes(sns.get("MessageAttributes"), ids);
      if (ids.isEmpty()) {
        body(sns.get("Message"), ids);
      }
    } else if ("aws:kinesis".equals(source) && map.get("kinesis") instanceof Map<?, ?> kinesis) {
      kinesis(kinesis.get("data"), ids);
    }
    return ids.toMap();
  }

  /** A typed event or record as the map the runtime would have made; anything else unchanged. */
  private static Object typed(Object event) {
    // by name, so that the events jar is needed only by users who have it
    if (event != null && event.getClass().getName().startsWith(TypedEvents.PACKAGE)) {
      return TypedEvents.asMap(event);
    }
    return event;
  }

  private static List<Map<String, String>> records(List<?> records) {
    List<Map<String, String>> out = new ArrayList<>(records.size());
    for (Object record : records) {
      out.add(record(record));
    }
    return out;
  }

  private static Incoming http(Map<String, Object> event, Map<?, ?> requestContext) {
    IncomingIds ids = new IncomingIds();
    // REST v1 keeps only the last value of a repeated header in "headers"; the first of
    // "multiValueHeaders" is what the caller sent first, so it is read first.
    if (event.get("multiValueHeaders") instanceof Map<?, ?> multi) {
      for (Map.Entry<?, ?> header : multi.entrySet()) {
        ids.offer(String.valueOf(header.getKey()), header.getValue());
      }
    }
    if (event.get("headers") instanceof Map<?, ?> headers) {
      boolean v2 = "2.0".equals(event.get("version"));
      for (Map.Entry<?, ?> header : headers.entrySet()) {
        if (v2) {
          ids.offerFirstOfList(String.valueOf(header.getKey()), header.getValue());
        } else {
          ids.offer(String.valueOf(header.getKey()), header.getValue());
        }
      }
    }
    // ALB events have requestContext.elb and no request id of their own
    Object requestId = requestContext.containsKey("elb") ? null : requestContext.get("requestId");
    return new Incoming(ids.toMap(), requestId instanceof String id ? id : null, null);
  }

  private static void sqs(Map<String, Object> record, IncomingIds ids) {
    attributes(record.get("messageAttributes"), ids);
    if (ids.isEmpty()) {
      body(record.get("body"), ids);
    }
    if (record.get("attributes") instanceof Map<?, ?> system) {
      ids.offer(CorrelationIds.AMZN_TRACE_ID, system.get("AWSTraceHeader"));
    }
  }

  /**
   * Message attributes as SQS ({@code stringValue}) and SNS ({@code Value}) write them: the packed
   * {@code x-correlation-context} first, then one attribute per ID (dazn style).
   */
  private static void attributes(Object attributes, IncomingIds ids) {
    if (!(attributes instanceof Map<?, ?> map)) {
      return;
    }
    for (Map.Entry<?, ?> attribute : map.entrySet()) {
      if (CorrelationIds.PACKED_ATTRIBUTE.equalsIgnoreCase(String.valueOf(attribute.getKey()))) {
        ids.offerContext(attributeValue(attribute.getValue()));
      }
    }
    for (Map.Entry<?, ?> attribute : map.entrySet()) {
      ids.offer(String.valueOf(attribute.getKey()), attributeValue(attribute.getValue()));
    }
  }

  private static Object attributeValue(Object attribute) {
    if (!(attribute instanceof Map<?, ?> map)) {
      return null;
    }
    Object value = map.get("stringValue");
    return value != null ? value : map.get("Value");
  }

  /**
   * A JSON body: an SNS envelope (SNS→SQS without raw delivery), an EventBridge event, or a
   * payload.
   */
  private static void body(Object body, IncomingIds ids) {
    if (!(body instanceof String text)) {
      return;
    }
    Map<String, Object> json = Json.parseObjectOrNull(text);
    if (json == null) {
      return;
    }
    if ("Notification".equals(json.get("Type")) && json.containsKey("TopicArn")) {
      attributes(json.get("MessageAttributes"), ids);
      if (ids.isEmpty()) {
        body(json.get("Message"), ids);
      }
    } else if (json.containsKey("detail-type") && json.get("detail") instanceof Map<?, ?> detail) {
      ids.offerContext(detail.get(CorrelationIds.CONTEXT_MEMBER));
    } else {
      ids.offerContext(json.get(CorrelationIds.CONTEXT_MEMBER));
    }
  }

  private static void kinesis(Object data, IncomingIds ids) {
    if (!(data instanceof String base64)) {
      return;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return;
    }
    if (bytes.length == 0 || !startsWithBrace(bytes)) {
      return;
    }
    Map<String, Object> json = Json.parseObjectOrNull(new String(bytes, StandardCharsets.UTF_8));
    if (json != null) {
      ids.offerContext(json.get(CorrelationIds.CONTEXT_MEMBER));
    }
  }

  private static boolean startsWithBrace(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return b == '{';
      }
    }
    return false;
  }
}
