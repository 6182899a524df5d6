package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.ApplicationLoadBalancerRequestEvent;
import com.amazonaws.services.lambda.runtime.events.CloudWatchLogsEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.noops.testsupport.FakeContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The typed aws-lambda-java-events objects a handler may take are captured from like their JSON.
 */
class TypedEventsTest {
  private static final String PACKED =
      "{\"x-correlation-id\":\"corr-1\",\"call-chain-length\":\"2\"}";

  private static CorrelationIds capture(Object event) {
    return Correlation.capture(event, FakeContext.of("req-1"));
  }

  @Test
  void rest_api_event_headers_and_request_id() {
    APIGatewayProxyRequestEvent event =
        new APIGatewayProxyRequestEvent()
            .withHeaders(
                Map.of(
                    "X-Correlation-Id",
                    "last",
                    "X-Correlation-User-Id",
                    "user-7",
                    "Call-Chain-Length",
                    "2"))
            .withMultiValueHeaders(Map.of("X-Correlation-Id", List.of("first", "last")))
            .withRequestContext(
                new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("api-req-1"));
    APIGatewayProxyRequestEvent bare =
        new APIGatewayProxyRequestEvent()
            .withRequestContext(
                new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("api-req-2"));

    CorrelationIds ids = capture(event);

    assertThat(ids.correlationId()).isEqualTo("first");
    assertThat(ids.get("x-correlation-user-id")).isEqualTo("user-7");
    assertThat(ids.callChainLength()).isEqualTo(3);
    assertThat(capture(bare).correlationId()).isEqualTo("api-req-2");
  }

  @Test
  void http_api_event_takes_the_first_of_joined_headers() {
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder()
            .withHeaders(
                Map.of(
                    "x-correlation-id",
                    "one,two",
                    "traceparent",
                    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
            .withRequestContext(
                APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("http-req-1").build())
            .build();

    CorrelationIds ids = capture(event);

    assertThat(ids.correlationId()).isEqualTo("one");
    assertThat(ids.get("traceparent"))
        .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(
            capture(
                    APIGatewayV2HTTPEvent.builder()
                        .withRequestContext(
                            APIGatewayV2HTTPEvent.RequestContext.builder()
                                .withRequestId("http-req-2")
                                .build())
                        .build())
                .correlationId())
        .isEqualTo("http-req-2");
  }

  @Test
  void alb_event_has_no_request_id_of_its_own() {
    ApplicationLoadBalancerRequestEvent event = new ApplicationLoadBalancerRequestEvent();
    event.setHeaders(Map.of("x-correlation-user-id", "user-7"));
    event.setRequestContext(new ApplicationLoadBalancerRequestEvent.RequestContext());

    CorrelationIds ids = capture(event);

    assertThat(ids.correlationId()).isEqualTo("req-1");
    assertThat(ids.get("x-correlation-user-id")).isEqualTo("user-7");
  }

  @Test
  void scheduled_event_reads_the_context_of_its_detail() {
    ScheduledEvent event = new ScheduledEvent();
    event.setDetailType("OrderPlaced");
    event.setDetail(Map.of("__context__", Map.of("x-correlation-id", "corr-eb"), "order", 42));

    assertThat(capture(event).correlationId()).isEqualTo("corr-eb");
    assertThat(capture(new ScheduledEvent()).correlationId()).isEqualTo("req-1");
  }

  private static SQSEvent.SQSMessage sqsMessage(String packed) {
    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
    message.setEventSource("aws:sqs");
    message.setBody("{\"order\":42}");
    if (packed != null) {
      SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
      attribute.setDataType("String");
      attribute.setStringValue(packed);
      message.setMessageAttributes(Map.of("x-correlation-context", attribute));
    }
    return message;
  }

  @Test
  void sqs_event_records_carry_their_own_ids_through_for_each_record() {
    SQSEvent event = new SQSEvent();
    event.setRecords(Arrays.asList(sqsMessage(PACKED), sqsMessage(null), null));
    List<String> seen = new ArrayList<>();

    Correlation.handle(
        event,
        FakeContext.of("req-1"),
        () -> {
          Correlation.forEachRecord(
              event.getRecords(),
              (message, ids) ->
                  seen.add(
                      ids.correlationId()
                          + "/"
                          + ids.callChainLength()
                          + "/"
                          + Correlation.current().correlationId()));
          return null;
        });

    assertThat(seen).containsExactly("corr-1/3/corr-1", "req-1/1/req-1", "req-1/1/req-1");
    assertThat(capture(event).correlationId()).isEqualTo("req-1");
  }

  @Test
  void sns_event_records_read_the_packed_attribute() {
    SNSEvent.MessageAttribute attribute = new SNSEvent.MessageAttribute();
    attribute.setType("String");
    attribute.setValue(PACKED);
    SNSEvent.SNS sns = new SNSEvent.SNS();
    sns.setMessage("hello");
    sns.setMessageAttributes(Map.of("x-correlation-context", attribute));
    SNSEvent.SNSRecord record = new SNSEvent.SNSRecord();
    record.setEventSource("aws:sns");
    record.setSns(sns);
    SNSEvent event = new SNSEvent();
    event.setRecords(List.of(record));

    assertThat(capture(event).correlationId()).isEqualTo("corr-1");
    assertThat(capture(event).callChainLength()).isEqualTo(3);
  }

  @Test
  void kinesis_event_records_read_the_context_member_of_their_data() {
    KinesisEvent.Record data = new KinesisEvent.Record();
    data.setData(
        ByteBuffer.wrap(
            ("{\"__context__\":" + PACKED + ",\"order\":42}").getBytes(StandardCharsets.UTF_8)));
    KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
    record.setEventSource("aws:kinesis");
    record.setKinesis(data);
    KinesisEvent.Record binary = new KinesisEvent.Record();
    binary.setData(ByteBuffer.wrap(new byte[] {(byte) 0xff, 0, 1}));
    KinesisEvent.KinesisEventRecord other = new KinesisEvent.KinesisEventRecord();
    other.setEventSource("aws:kinesis");
    other.setKinesis(binary);
    KinesisEvent event = new KinesisEvent();
    event.setRecords(List.of(record, other));
    List<String> seen = new ArrayList<>();

    Correlation.forEachRecord(event.getRecords(), (r, ids) -> seen.add(ids.correlationId()));

    assertThat(seen).first().isEqualTo("corr-1");
    assertThat(seen.get(1)).isNotEqualTo("corr-1");
    assertThat(data.getData().remaining()).as("the record's buffer is not consumed").isPositive();
  }

  @Test
  void a_typed_event_with_no_ids_of_its_kind_yields_the_context_ids_only() {
    CloudWatchLogsEvent unrelated = new CloudWatchLogsEvent();

    CorrelationIds ids = capture(unrelated);

    assertThat(ids.correlationId()).isEqualTo("req-1");
    assertThat(ids.callChainLength()).isEqualTo(1);
  }
}
