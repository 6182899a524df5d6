package dev.noops.correlation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.noops.correlation.SdkClients.PACKED;
import static dev.noops.correlation.SdkClients.inInvocation;
import static dev.noops.correlation.SdkClients.logsOf;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * {@code __context__} in JSON payloads on the wire: Kinesis (the SDK sends CBOR by default, so the
 * stub answers in CBOR), EventBridge (AWS JSON 1.1) and Lambda Invoke (REST-JSON).
 */
class PayloadInterceptorTest {
  private static final String KINESIS_PUT_RECORD = "Kinesis_20131202.PutRecord";
  private static final String KINESIS_PUT_RECORDS = "Kinesis_20131202.PutRecords";
  private static final String INVOKE_PATH = "/2015-03-31/functions/billing/invocations";
  private static final CBORMapper CBOR = new CBORMapper();
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final AwsWireMock aws = AwsWireMock.start();
  private static KinesisClient kinesis;
  private static EventBridgeClient events;
  private static LambdaClient lambda;

  @BeforeAll
  static void start() {
    kinesis = SdkClients.client(KinesisClient.builder(), aws);
    events = SdkClients.client(EventBridgeClient.builder(), aws);
    lambda = SdkClients.client(LambdaClient.builder(), aws);
  }

  @AfterAll
  static void stop() {
    kinesis.close();
    events.close();
    lambda.close();
  }

  @BeforeEach
  void reset() throws Exception {
    aws.reset();
    stubCbor(KINESIS_PUT_RECORD, Map.of("ShardId", "shardId-000000000000", "SequenceNumber", "1"));
    stubCbor(
        KINESIS_PUT_RECORDS,
        Map.of(
            "FailedRecordCount",
            0,
            "Records",
            List.of(Map.of("ShardId", "shardId-000000000000", "SequenceNumber", "1"))));
    aws.stubJson(
        "AWSEvents.PutEvents",
        Reply.ok(Map.of("FailedEntryCount", 0, "Entries", List.of(Map.of("EventId", "e-1")))));
    aws.server()
        .stubFor(
            post(urlEqualTo(INVOKE_PATH))
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"ok\":true}")));
  }

  private static void stubCbor(String target, Map<String, ?> body) throws Exception {
    aws.server()
        .stubFor(
            post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(target))
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-cbor-1.1")
                        .withBody(CBOR.writeValueAsBytes(body))));
  }

  private static List<JsonNode> cborRequests(String target) {
    return aws
        .server()
        .findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target)))
        .stream()
        .map(
            request -> {
              try {
                return CBOR.readTree(request.getBody());
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  private static String data(JsonNode node) throws Exception {
    return new String(node.binaryValue(), StandardCharsets.UTF_8);
  }

  private static String invokeBody() {
    return aws.server().findAll(postRequestedFor(urlEqualTo(INVOKE_PATH))).get(0).getBodyAsString();
  }

  @Test
  void kinesis_put_record_gets_the_context_in_its_json_data() throws Exception {
    inInvocation(
        () ->
            kinesis.putRecord(
                b ->
                    b.streamName("orders")
                        .partitionKey("p")
                        .data(SdkBytes.fromUtf8String("{\"order\":42,\"price\":1.50}"))));

    JsonNode request = cborRequests(KINESIS_PUT_RECORD).get(0);
    assertThat(data(request.get("Data")))
        .isEqualTo("{\"__context__\":" + PACKED + ",\"order\":42,\"price\":1.50}");
    assertThat(request.get("StreamName").asText()).isEqualTo("orders");
    assertThat(request.get("PartitionKey").asText()).isEqualTo("p");
    assertThat(request.propertyStream().map(Map.Entry::getKey))
        .containsExactlyInAnyOrder("StreamName", "Data", "PartitionKey");
  }

  @Test
  void kinesis_put_records_leaves_text_and_binary_records_alone_with_one_warning()
      throws Exception {
    byte[] binary = {(byte) 0xff, (byte) 0xfe, '{', '}'};

    List<ILoggingEvent> logs =
        logsOf(
            () ->
                inInvocation(
                    () ->
                        kinesis.putRecords(
                            b ->
                                b.streamName("orders")
                                    .records(
                                        PutRecordsRequestEntry.builder()
                                            .partitionKey("p")
                                            .data(SdkBytes.fromUtf8String("{}"))
                                            .build(),
                                        PutRecordsRequestEntry.builder()
                                            .partitionKey("p")
                                            .data(SdkBytes.fromUtf8String("Hello World"))
                                            .build(),
                                        PutRecordsRequestEntry.builder()
                                            .partitionKey("p")
                                            .data(SdkBytes.fromByteArray(binary))
                                            .build()))));

    JsonNode records = cborRequests(KINESIS_PUT_RECORDS).get(0).get("Records");
    assertThat(data(records.get(0).get("Data"))).isEqualTo("{\"__context__\":" + PACKED + "}");
    assertThat(data(records.get(1).get("Data"))).isEqualTo("Hello World");
    assertThat(records.get(2).get("Data").binaryValue()).isEqualTo(binary);
    assertThat(logs)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("2 Kinesis record(s) sent without correlation IDs: not a JSON object");
  }

  @Test
  void kinesis_data_that_already_has_a_context_is_sent_as_it_is() throws Exception {
    String mine = "{\"__context__\":{\"x-correlation-id\":\"mine\"},\"n\":1}";

    List<ILoggingEvent> logs =
        logsOf(
            () ->
                inInvocation(
                    () ->
                        kinesis.putRecord(
                            b ->
                                b.streamName("orders")
                                    .partitionKey("p")
                                    .data(SdkBytes.fromUtf8String(mine)))));

    assertThat(data(cborRequests(KINESIS_PUT_RECORD).get(0).get("Data"))).isEqualTo(mine);
    assertThat(logs).isEmpty();
  }

  @Test
  void kinesis_data_that_the_context_would_push_past_1_mib_is_sent_as_it_is() throws Exception {
    String big = "{\"blob\":\"" + "x".repeat(KinesisInjection.MAX_DATA_BYTES - 20) + "\"}";

    List<ILoggingEvent> logs =
        logsOf(
            () ->
                inInvocation(
                    () ->
                        kinesis.putRecord(
                            b ->
                                b.streamName("orders")
                                    .partitionKey("p")
                                    .data(SdkBytes.fromUtf8String(big)))));

    assertThat(data(cborRequests(KINESIS_PUT_RECORD).get(0).get("Data"))).isEqualTo(big);
    assertThat(logs)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "1 Kinesis record(s) sent without correlation IDs: the IDs would make it too big");
  }

  @Test
  void a_kinesis_record_sent_here_is_read_back_by_the_next_function_with_one_more_hop()
      throws Exception {
    inInvocation(
        () ->
            kinesis.putRecord(
                b ->
                    b.streamName("orders")
                        .partitionKey("p")
                        .data(SdkBytes.fromUtf8String("{\"order\":42}"))));
    byte[] sent = cborRequests(KINESIS_PUT_RECORD).get(0).get("Data").binaryValue();
    Map<String, Object> event = Events.load("aws-lambda-go__kinesis-event.json");
    Events.map(Events.records(event).get(0), "kinesis")
        .put("data", java.util.Base64.getEncoder().encodeToString(sent));

    CorrelationIds next =
        new Capture(new DebugSampler(0)).capture(event, "req-2", null).records().get(0);

    assertThat(next.forwarded())
        .containsExactly(
            Map.entry("x-correlation-id", "corr-1"),
            Map.entry("x-correlation-user-id", "user-7"),
            Map.entry("call-chain-length", "3"),
            Map.entry("debug-log-enabled", "false"));
    assertThat(next.awsRequestId()).isEqualTo("req-2");
  }

  @Test
  void eventbridge_put_events_gets_the_context_in_each_detail() throws Exception {
    inInvocation(
        () ->
            events.putEvents(
                b ->
                    b.entries(
                        PutEventsRequestEntry.builder()
                            .source("shop")
                            .detailType("OrderPlaced")
                            .detail("{\"order\":42}")
                            .eventBusName("default")
                            .build(),
                        PutEventsRequestEntry.builder()
                            .source("shop")
                            .detailType("Broken")
                            .detail("not json")
                            .build())));

    assertThat(aws.jsonRequests("AWSEvents.PutEvents"))
        .containsExactly(
            JSON.readTree(
                "{\"Entries\":["
                    + "{\"Source\":\"shop\",\"DetailType\":\"OrderPlaced\",\"Detail\":"
                    + JSON.valueToTree("{\"__context__\":" + PACKED + ",\"order\":42}")
                    + ",\"EventBusName\":\"default\"},"
                    + "{\"Source\":\"shop\",\"DetailType\":\"Broken\",\"Detail\":\"not json\"}]}"));
  }

  @Test
  void eventbridge_retries_after_throttling_without_adding_the_context_twice() throws Exception {
    aws.reset();
    aws.stubJson(
        "AWSEvents.PutEvents",
        Reply.error(400, "ThrottlingException", "Rate exceeded"),
        Reply.ok(Map.of("FailedEntryCount", 0, "Entries", List.of(Map.of("EventId", "e-1")))));

    inInvocation(
        () ->
            events.putEvents(
                b ->
                    b.entries(
                        PutEventsRequestEntry.builder()
                            .source("shop")
                            .detailType("OrderPlaced")
                            .detail("{\"order\":42}")
                            .build())));

    JsonNode expected =
        JSON.readTree(
            "{\"Entries\":[{\"Source\":\"shop\",\"DetailType\":\"OrderPlaced\",\"Detail\":"
                + JSON.valueToTree("{\"__context__\":" + PACKED + ",\"order\":42}")
                + "}]}");
    assertThat(aws.jsonRequests("AWSEvents.PutEvents")).containsExactly(expected, expected);
  }

  @Test
  void lambda_invoke_gets_the_context_in_its_payload() {
    String answer =
        inInvocation(
            () ->
                lambda
                    .invoke(
                        b ->
                            b.functionName("billing")
                                .invocationType(InvocationType.EVENT)
                                .payload(SdkBytes.fromUtf8String("{\"amount\":10}")))
                    .payload()
                    .asUtf8String());

    assertThat(answer).isEqualTo("{\"ok\":true}");
    assertThat(invokeBody()).isEqualTo("{\"__context__\":" + PACKED + ",\"amount\":10}");
  }

  @Test
  void lambda_invoke_with_a_json_array_payload_is_sent_unchanged_with_a_warning() {
    List<ILoggingEvent> logs =
        logsOf(
            () ->
                inInvocation(
                    () ->
                        lambda.invoke(
                            b ->
                                b.functionName("billing")
                                    .payload(SdkBytes.fromUtf8String("[1,2]")))));

    assertThat(invokeBody()).isEqualTo("[1,2]");
    assertThat(logs)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("1 Lambda payload(s) sent without correlation IDs: not a JSON object");
  }

  @Test
  void lambda_invoke_outside_an_invocation_is_sent_unchanged() {
    lambda.invoke(
        b -> b.functionName("billing").payload(SdkBytes.fromUtf8String("{\"amount\":10}")));

    assertThat(invokeBody()).isEqualTo("{\"amount\":10}");
  }
}
