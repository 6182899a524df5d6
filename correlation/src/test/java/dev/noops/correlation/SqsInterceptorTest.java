package dev.noops.correlation;

import static dev.noops.correlation.SdkClients.PACKED;
import static dev.noops.correlation.SdkClients.inInvocation;
import static dev.noops.correlation.SdkClients.logsOf;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

class SqsInterceptorTest {
  private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/orders";
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final AwsWireMock aws = AwsWireMock.start();
  private static SqsClient sqs;

  @BeforeAll
  static void start() {
    // checksum validation compares MD5s of what was sent with the stub's answer; the stub has none
    sqs = SdkClients.client(SqsClient.builder().checksumValidationEnabled(false), aws);
  }

  @AfterAll
  static void stop() {
    sqs.close();
  }

  @BeforeEach
  void reset() {
    aws.reset();
    aws.stubJson("AmazonSQS.SendMessage", Reply.ok(Map.of("MessageId", "m-1")));
    aws.stubJson(
        "AmazonSQS.SendMessageBatch",
        Reply.ok(Map.of("Successful", List.of(), "Failed", List.of())));
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String packedAttribute() {
    return "{\"StringValue\":" + JSON.valueToTree(PACKED) + ",\"DataType\":\"String\"}";
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  @Test
  void send_message_carries_one_packed_attribute() {
    inInvocation(
        () ->
            sqs.sendMessage(
                b ->
                    b.queueUrl(QUEUE)
                        .messageBody("{\"order\":42}")
                        .messageAttributes(Map.of("kind", text("order")))));

    assertThat(aws.jsonRequests("AmazonSQS.SendMessage"))
        .containsExactly(
            json(
                "{\"QueueUrl\":\""
                    + QUEUE
                    + "\","
                    + "\"MessageBody\":\"{\\\"order\\\":42}\",\"MessageAttributes\":{"
                    + "\"kind\":{\"StringValue\":\"order\",\"DataType\":\"String\"},"
                    + "\"x-correlation-context\":"
                    + packedAttribute()
                    + "}}"));
  }

  @Test
  void send_message_batch_gives_every_entry_the_attribute() {
    inInvocation(
        () ->
            sqs.sendMessageBatch(
                b ->
                    b.queueUrl(QUEUE)
                        .entries(
                            SendMessageBatchRequestEntry.builder().id("1").messageBody("a").build(),
                            SendMessageBatchRequestEntry.builder()
                                .id("2")
                                .messageBody("b")
                                .build())));

    assertThat(aws.jsonRequests("AmazonSQS.SendMessageBatch"))
        .containsExactly(
            json(
                "{\"QueueUrl\":\""
                    + QUEUE
                    + "\",\"Entries\":[{\"Id\":\"1\",\"MessageBody\":\"a\","
                    + "\"MessageAttributes\":{\"x-correlation-context\":"
                    + packedAttribute()
                    + "}},{\"Id\":\"2\",\"MessageBody\":\"b\",\"MessageAttributes\":{\"x-correlation-context\":"
                    + packedAttribute()
                    + "}}]}"));
  }

  @Test
  void a_message_sent_here_is_read_back_by_the_consuming_function_with_one_more_hop() {
    inInvocation(() -> sqs.sendMessage(b -> b.queueUrl(QUEUE).messageBody("m")));
    JsonNode attribute =
        aws.jsonRequests("AmazonSQS.SendMessage")
            .get(0)
            .get("MessageAttributes")
            .get("x-correlation-context");
    Map<String, Object> event = Events.load("aws-lambda-go__sqs-event.json");
    Events.records(event)
        .get(0)
        .put(
            "messageAttributes",
            Map.of(
                "x-correlation-context",
                Map.of(
                    "stringValue",
                    attribute.get("StringValue").asText(),
                    "dataType",
                    attribute.get("DataType").asText(),
                    "stringListValues",
                    List.of(),
                    "binaryListValues",
                    List.of())));

    CorrelationIds next =
        new Capture(new DebugSampler(0)).capture(event, "req-2", null).records().get(0);

    assertThat(next.correlationId()).isEqualTo("corr-1");
    assertThat(next.get("x-correlation-user-id")).isEqualTo("user-7");
    assertThat(next.callChainLength()).isEqualTo(3);
  }

  @Test
  void a_message_with_ten_attributes_is_sent_unchanged_with_one_warning() {
    Map<String, MessageAttributeValue> ten = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      ten.put("a" + i, text("v" + i));
    }

    List<ILoggingEvent> logs =
        logsOf(
            () ->
                inInvocation(
                    () ->
                        sqs.sendMessageBatch(
                            b ->
                                b.queueUrl(QUEUE)
                                    .entries(
                                        SendMessageBatchRequestEntry.builder()
                                            .id("full")
                                            .messageBody("a")
                                            .messageAttributes(ten)
                                            .build(),
                                        SendMessageBatchRequestEntry.builder()
                                            .id("full-too")
                                            .messageBody("b")
                                            .messageAttributes(ten)
                                            .build(),
                                        SendMessageBatchRequestEntry.builder()
                                            .id("room")
                                            .messageBody("c")
                                            .build()))));

    JsonNode entries = aws.jsonRequests("AmazonSQS.SendMessageBatch").get(0).get("Entries");
    assertThat(entries.get(0).get("MessageAttributes").size()).isEqualTo(10);
    assertThat(entries.get(0).get("MessageAttributes").has("x-correlation-context")).isFalse();
    assertThat(entries.get(1).get("MessageAttributes").size()).isEqualTo(10);
    assertThat(
            entries
                .get(2)
                .get("MessageAttributes")
                .get("x-correlation-context")
                .get("StringValue")
                .asText())
        .isEqualTo(PACKED);
    assertThat(logs)
        .singleElement()
        .satisfies(
            log -> {
              assertThat(log.getLevel()).isEqualTo(Level.WARN);
              assertThat(log.getFormattedMessage())
                  .isEqualTo(
                      "2 SQS message(s) sent without correlation IDs: it has 10 message attributes"
                          + " already");
            });
  }

  @Test
  void a_message_that_would_grow_past_256_kib_is_sent_unchanged() {
    String body = "x".repeat(MessageLimits.MAX_MESSAGE_BYTES - 50);

    List<ILoggingEvent> logs =
        logsOf(() -> inInvocation(() -> sqs.sendMessage(b -> b.queueUrl(QUEUE).messageBody(body))));

    assertThat(aws.jsonRequests("AmazonSQS.SendMessage").get(0).has("MessageAttributes")).isFalse();
    assertThat(logs)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "1 SQS message(s) sent without correlation IDs: it would grow past 262144 bytes");
  }

  @Test
  void an_attribute_the_caller_set_is_kept_and_not_duplicated() {
    inInvocation(
        () ->
            sqs.sendMessage(
                b ->
                    b.queueUrl(QUEUE)
                        .messageBody("m")
                        .messageAttributes(
                            Map.of(
                                "x-correlation-context",
                                text("{\"x-correlation-id\":\"mine\"}")))));

    assertThat(aws.jsonRequests("AmazonSQS.SendMessage").get(0).get("MessageAttributes"))
        .isEqualTo(
            json(
                "{\"x-correlation-context\":{\"StringValue\":\"{\\\"x-correlation-id\\\":\\\"mine\\\"}\","
                    + "\"DataType\":\"String\"}}"));
  }

  @Test
  void a_retried_send_carries_the_attribute_once_on_every_attempt() {
    aws.reset();
    aws.stubJson(
        "AmazonSQS.SendMessage",
        Reply.error(500, "InternalError", "try again"),
        Reply.error(400, "ThrottlingException", "slow down"),
        Reply.ok(Map.of("MessageId", "m-1")));

    String id =
        inInvocation(() -> sqs.sendMessage(b -> b.queueUrl(QUEUE).messageBody("m")).messageId());

    assertThat(id).isEqualTo("m-1");
    List<JsonNode> attempts = aws.jsonRequests("AmazonSQS.SendMessage");
    assertThat(attempts)
        .hasSize(3)
        .allSatisfy(
            body ->
                assertThat(body)
                    .isEqualTo(
                        json(
                            "{\"QueueUrl\":\""
                                + QUEUE
                                + "\",\"MessageBody\":\"m\",\"MessageAttributes\":{\"x-correlation-context\":"
                                + packedAttribute()
                                + "}}")));
  }

  @Test
  void outside_an_invocation_nothing_is_added() {
    sqs.sendMessage(b -> b.queueUrl(QUEUE).messageBody("m"));

    assertThat(aws.jsonRequests("AmazonSQS.SendMessage"))
        .containsExactly(json("{\"QueueUrl\":\"" + QUEUE + "\",\"MessageBody\":\"m\"}"));
  }

  @Test
  void other_operations_of_the_service_are_left_alone() {
    aws.stubJson("AmazonSQS.GetQueueUrl", Reply.ok(Map.of("QueueUrl", QUEUE)));

    inInvocation(() -> sqs.getQueueUrl(b -> b.queueName("orders")));

    assertThat(aws.jsonRequests("AmazonSQS.GetQueueUrl"))
        .containsExactly(json("{\"QueueName\":\"orders\"}"));
  }
}
