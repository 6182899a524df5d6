package dev.noops.correlation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.noops.correlation.SdkClients.PACKED;
import static dev.noops.correlation.SdkClients.inInvocation;
import static dev.noops.correlation.SdkClients.logsOf;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.FakeContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;

/** SNS speaks the AWS Query protocol: form-encoded POSTs in, XML out. */
class SnsInterceptorTest {
  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:orders";
  @RegisterExtension static final AwsWireMock aws = AwsWireMock.start();
  private static SnsClient sns;

  @BeforeAll
  static void start() {
    sns = SdkClients.client(SnsClient.builder(), aws);
  }

  @AfterAll
  static void stop() {
    sns.close();
  }

  @BeforeEach
  void reset() {
    aws.reset();
    aws.server()
        .stubFor(
            post(urlEqualTo("/"))
                .withRequestBody(containing("Action=Publish&"))
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(
                            "<PublishResponse"
                                + " xmlns=\"https://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                                + "<MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</Reques"
                                + "tId>"
                                + "</ResponseMetadata></PublishResponse>")));
    aws.server()
        .stubFor(
            post(urlEqualTo("/"))
                .withRequestBody(containing("Action=PublishBatch&"))
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(
                            "<PublishBatchResponse"
                                + " xmlns=\"https://sns.amazonaws.com/doc/2010-03-31/\"><PublishBatchResult>"
                                + "<Successful><member><Id>1</Id><MessageId>m-1</MessageId></member></Successful><Fai"
                                + "led/>"
                                + "</PublishBatchResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
                                + "</PublishBatchResponse>")));
  }

  /** The form fields of every request, in the order they were sent. */
  private static List<Map<String, String>> forms() {
    return aws.server().findAll(postRequestedFor(urlEqualTo("/"))).stream()
        .map(request -> form(request.getBodyAsString()))
        .toList();
  }

  private static Map<String, String> form(String body) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : body.split("&", -1)) {
      int equals = pair.indexOf('=');
      fields.put(
          URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return fields;
  }

  @Test
  void publish_carries_one_packed_attribute() {
    String id =
        inInvocation(
            () -> sns.publish(b -> b.topicArn(TOPIC).message("{\"order\":42}")).messageId());

    assertThat(id).isEqualTo("m-1");
    assertThat(forms())
        .singleElement()
        .satisfies(
            form ->
                assertThat(form)
                    .containsExactly(
                        Map.entry("Action", "Publish"),
                        Map.entry("Version", "2010-03-31"),
                        Map.entry("TopicArn", TOPIC),
                        Map.entry("Message", "{\"order\":42}"),
                        Map.entry("MessageAttributes.entry.1.Name", "x-correlation-context"),
                        Map.entry("MessageAttributes.entry.1.Value.DataType", "String"),
                        Map.entry("MessageAttributes.entry.1.Value.StringValue", PACKED)));
  }

  @Test
  void publish_batch_gives_every_entry_the_attribute() {
    inInvocation(
        () ->
            sns.publishBatch(
                b ->
                    b.topicArn(TOPIC)
                        .publishBatchRequestEntries(
                            PublishBatchRequestEntry.builder().id("1").message("a").build(),
                            PublishBatchRequestEntry.builder()
                                .id("2")
                                .message("b")
                                .messageAttributes(
                                    Map.of(
                                        "kind",
                                        MessageAttributeValue.builder()
                                            .dataType("String")
                                            .stringValue("order")
                                            .build()))
                                .build())));

    assertThat(forms())
        .singleElement()
        .satisfies(
            form ->
                assertThat(form)
                    .containsExactly(
                        Map.entry("Action", "PublishBatch"),
                        Map.entry("Version", "2010-03-31"),
                        Map.entry("TopicArn", TOPIC),
                        Map.entry("PublishBatchRequestEntries.member.1.Id", "1"),
                        Map.entry("PublishBatchRequestEntries.member.1.Message", "a"),
                        Map.entry(
                            "PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Name",
                            "x-correlation-context"),
                        Map.entry(
                            "PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.DataType",
                            "String"),
                        Map.entry(
                            "PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.StringValue",
                            PACKED),
                        Map.entry("PublishBatchRequestEntries.member.2.Id", "2"),
                        Map.entry("PublishBatchRequestEntries.member.2.Message", "b"),
                        Map.entry(
                            "PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Name",
                            "kind"),
                        Map.entry(
                            "PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.DataType",
                            "String"),
                        Map.entry(
                            "PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.StringValue",
                            "order"),
                        Map.entry(
                            "PublishBatchRequestEntries.member.2.MessageAttributes.entry.2.Name",
                            "x-correlation-context"),
                        Map.entry(
                            "PublishBatchRequestEntries.member.2.MessageAttributes.entry.2.Value.DataType",
                            "String"),
                        Map.entry(
                            "PublishBatchRequestEntries.member.2.MessageAttributes.entry.2.Value.StringValue",
                            PACKED)));
  }

  @Test
  void a_message_with_ten_attributes_is_published_unchanged_with_one_warning() {
    Map<String, MessageAttributeValue> ten = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      ten.put(
          "a" + i, MessageAttributeValue.builder().dataType("String").stringValue("v" + i).build());
    }

    List<ILoggingEvent> logs =
        logsOf(
            () ->
                inInvocation(
                    () -> sns.publish(b -> b.topicArn(TOPIC).message("m").messageAttributes(ten))));

    assertThat(forms().get(0))
        .doesNotContainValue("x-correlation-context")
        .containsKey("MessageAttributes.entry.10.Name");
    assertThat(logs)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "1 SNS message(s) sent without correlation IDs: it has 10 message attributes already");
  }

  @Test
  void hostile_ids_are_forwarded_sanitised_and_capped() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("x-correlation-id", "a\r\nb");
    for (int i = 0; i < 50; i++) {
      context.put("x-correlation-n" + i, "v".repeat(5000));
    }

    Correlation.handle(
        Map.of("__context__", context),
        FakeContext.of("req-1"),
        () -> sns.publish(b -> b.topicArn(TOPIC).message("m")));

    String packed = forms().get(0).get("MessageAttributes.entry.1.Value.StringValue");
    @SuppressWarnings("unchecked")
    Map<String, String> ids = (Map<String, String>) Json.parse(packed);
    assertThat(ids.get("x-correlation-id")).isEqualTo("ab");
    assertThat(ids).hasSize(CorrelationIds.MAX_CUSTOM_IDS + 2);
    assertThat(ids.values())
        .allSatisfy(
            value -> assertThat(value.length()).isLessThanOrEqualTo(Sanitiser.MAX_VALUE_CHARS));
  }
}
