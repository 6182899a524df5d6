package dev.noops.correlation;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The typed events of {@code aws-lambda-java-events} as the JSON map the runtime would have handed
 * a {@code Map} handler, holding only the members {@link EventReader} looks at, so that one reader
 * serves both. Loaded only for objects of that package: users without the jar never link it.
 */
final class TypedEvents {
  static final String PACKAGE = "com.amazonaws.services.lambda.runtime.events.";

  private TypedEvents() {}

  /** The event or batch record as a map, or null for a type that carries no IDs here. */
  static Map<String, Object> asMap(Object event) {
    if (event instanceof APIGatewayProxyRequestEvent rest) {
      return http(
          null,
          rest.getHeaders(),
          rest.getMultiValueHeaders(),
          rest.getRequestContext() == null ? null : rest.getRequestContext().getRequestId(),
          false);
    }
    if (event instanceof APIGatewayV2HTTPEvent http) {
      return http(
          "2.0",
          http.getHeaders(),
          null,
          http.getRequestContext() == null ? null : http.getRequestContext().getRequestId(),
          false);
    }
    if (event instanceof ApplicationLoadBalancerRequestEvent alb) {
      return http(null, alb.getHeaders(), alb.getMultiValueHeaders(), null, true);
    }
    if (event instanceof ScheduledEvent scheduled) {
      Map<String, Object> map = new HashMap<>();
      map.put("detail-type", scheduled.getDetailType());
      map.put("detail", scheduled.getDetail() == null ? Map.of() : scheduled.getDetail());
      return map;
    }
    if (event instanceof SQSEvent sqs) {
      return Map.of("Records", each(sqs.getRecords(), TypedEvents::sqs));
    }
    if (event instanceof SNSEvent sns) {
      return Map.of("Records", each(sns.getRecords(), TypedEvents::sns));
    }
    if (event instanceof KinesisEvent kinesis) {
      return Map.of("Records", each(kinesis.getRecords(), TypedEvents::kinesis));
    }
    if (event instanceof SQSEvent.SQSMessage message) {
      return sqs(message);
    }
    if (event instanceof SNSEvent.SNSRecord record) {
      return sns(record);
    }
    if (event instanceof KinesisEvent.KinesisEventRecord record) {
      return kinesis(record);
    }
    return null;
  }

  private static Map<String, Object> http(
      String version,
      Map<String, String> headers,
      Map<String, List<String>> multiValueHeaders,
      String requestId,
      boolean alb) {
    Map<String, Object> requestContext = new HashMap<>();
    if (alb) {
      requestContext.put("elb", Map.of());
    } else if (requestId != null) {
      requestContext.put("requestId", requestId);
    }
    Map<String, Object> map = new HashMap<>();
    map.put("requestContext", requestContext);
    map.put("headers", headers == null ? Map.of() : headers);
    if (multiValueHeaders != null) {
      map.put("multiValueHeaders", multiValueHeaders);
    }
    if (version != null) {
      map.put("version", version);
    }
    return map;
  }

  private static <T> List<Object> each(List<T> records, Function<T, Map<String, Object>> convert) {
    List<Object> out = new ArrayList<>(records == null ? 0 : records.size());
    if (records != null) {
      for (T record : records) {
        out.add(record == null ? Map.of() : convert.apply(record));
      }
    }
    return out;
  }

  private static Map<String, Object> sqs(SQSEvent.SQSMessage message) {
    Map<String, Object> attributes = new HashMap<>();
    if (message.getMessageAttributes() != null) {
      message
          .getMessageAttributes()
          .forEach(
              (name, value) -> {
                if (value != null && value.getStringValue() != null) {
                  attributes.put(name, Map.of("stringValue", value.getStringValue()));
                }
              });
    }
    Map<String, Object> map = new HashMap<>();
    map.put("eventSource", "aws:sqs");
    map.put("messageAttributes", attributes);
    map.put("body", message.getBody());
    map.put("attributes", message.getAttributes() == null ? Map.of() : message.getAttributes());
    return map;
  }

  private static Map<String, Object> sns(SNSEvent.SNSRecord record) {
    SNSEvent.SNS sns = record.getSNS();
    if (sns == null) {
      return Map.of();
    }
    Map<String, Object> attributes = new HashMap<>();
    if (sns.getMessageAttributes() != null) {
      sns.getMessageAttributes()
          .forEach(
              (name, value) -> {
                if (value != null && value.getValue() != null) {
                  attributes.put(name, Map.of("Value", value.getValue()));
                }
              });
    }
    Map<String, Object> inner = new HashMap<>();
    inner.put("MessageAttributes", attributes);
    inner.put("Message", sns.getMessage());
    return Map.of("EventSource", "aws:sns", "Sns", inner);
  }

  private static Map<String, Object> kinesis(KinesisEvent.KinesisEventRecord record) {
    KinesisEvent.Record kinesis = record.getKinesis();
    ByteBuffer data = kinesis == null ? null : kinesis.getData();
    if (data == null) {
      return Map.of();
    }
    // the runtime hands over base64 text; the reader decodes only records that start with '{'
    String base64 = Base64.getEncoder().encodeToString(bytes(data));
    return Map.of("eventSource", "aws:kinesis", "kinesis", Map.of("data", base64));
  }

  private static byte[] bytes(ByteBuffer data) {
    ByteBuffer copy = data.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
