package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import dev.noops.testsupport.FakeContext;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * W3C traceparent/tracestate: captured when well-formed, forwarded unchanged on HTTP and in the
 * packed attribute.
 */
class TraceContextTest {
  private static final String TRACEPARENT =
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  private static final String TRACESTATE = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";

  private static Map<String, Object> apiEvent(Map<String, String> headers) {
    Map<String, Object> event = Events.load("aws-lambda-go__apigw-request.json");
    Events.map(event, "headers").putAll(headers);
    return event;
  }

  private static CorrelationIds capture(Map<String, Object> event) {
    return Correlation.capture(event, FakeContext.of("req-1"));
  }

  @Test
  void a_well_formed_traceparent_and_its_tracestate_are_captured_and_forwarded() {
    CorrelationIds ids =
        capture(apiEvent(Map.of("traceparent", TRACEPARENT, "tracestate", TRACESTATE)));

    assertThat(ids.get(CorrelationIds.TRACEPARENT)).isEqualTo(TRACEPARENT);
    assertThat(ids.get(CorrelationIds.TRACESTATE)).isEqualTo(TRACESTATE);
    assertThat(ids.forwarded())
        .containsEntry("traceparent", TRACEPARENT)
        .containsEntry("tracestate", TRACESTATE);
  }

  @Test
  void malformed_traceparents_are_dropped_with_their_tracestate() {
    for (String bad :
        new String[] {
          "00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01", // upper case
          "00-00000000000000000000000000000000-b7ad6b7169203331-01", // zero trace id
          "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01", // zero parent id
          "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", // forbidden version
          "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra", // version 00 has no more
          // fields
          "00-0af7651916cd43dd8448eb211c80319c-b7ad6b716920333-01", // short parent id
          "00_0af7651916cd43dd8448eb211c80319c_b7ad6b7169203331_01",
          "garbage\r\nx-injected: 1"
        }) {
      CorrelationIds ids = capture(apiEvent(Map.of("traceparent", bad, "tracestate", TRACESTATE)));

      assertThat(ids.get(CorrelationIds.TRACEPARENT)).as(bad).isNull();
      assertThat(ids.get(CorrelationIds.TRACESTATE)).as(bad).isNull();
    }
  }

  @Test
  void a_later_version_with_more_fields_is_accepted_as_the_spec_asks() {
    String future = "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-what-comes-next";

    assertThat(capture(apiEvent(Map.of("traceparent", future))).get(CorrelationIds.TRACEPARENT))
        .isEqualTo(future);
  }

  @Test
  void tracestate_keeps_at_most_32_well_formed_members_within_512_characters() {
    StringBuilder many = new StringBuilder("bad member,=novalue,");
    for (int i = 0; i < 40; i++) {
      many.append("v").append(i).append("=x,");
    }
    String state =
        capture(apiEvent(Map.of("traceparent", TRACEPARENT, "tracestate", many.toString())))
            .get(CorrelationIds.TRACESTATE);
    String huge =
        capture(
                apiEvent(
                    Map.of(
                        "traceparent",
                        TRACEPARENT,
                        "tracestate",
                        "a=" + "x".repeat(300) + ",b=" + "y".repeat(300))))
            .get(CorrelationIds.TRACESTATE);

    assertThat(state.split(",")).hasSize(32).startsWith("v0=x").endsWith("v31=x");
    assertThat(huge).isEqualTo("a=" + "x".repeat(300));
  }

  @Test
  void the_http_interceptor_sends_traceparent_and_tracestate_as_they_came() throws IOException {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .addInterceptor(new CorrelationHttpInterceptor())
            .callTimeout(10, TimeUnit.SECONDS)
            .build();
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().code(204).build());
      Correlation.handle(
          apiEvent(Map.of("traceparent", TRACEPARENT, "tracestate", TRACESTATE)),
          FakeContext.of("req-1"),
          () -> {
            try (var response =
                http.newCall(new Request.Builder().url(server.url("/next")).build()).execute()) {
              return response.code();
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          });
      RecordedRequest sent = server.takeRequest(5, TimeUnit.SECONDS);

      assertThat(sent.getHeaders().get("traceparent")).isEqualTo(TRACEPARENT);
      assertThat(sent.getHeaders().get("tracestate")).isEqualTo(TRACESTATE);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Test
  void the_packed_sqs_attribute_carries_the_trace_context_to_the_consumer() {
    try (AwsWireMock aws = AwsWireMock.start();
        SqsClient sqs =
            SdkClients.client(SqsClient.builder().checksumValidationEnabled(false), aws)) {
      aws.stubJson("AmazonSQS.SendMessage", Reply.ok(Map.of("MessageId", "m-1")));
      Correlation.handle(
          apiEvent(
              Map.of(
                  "traceparent", TRACEPARENT, "tracestate", TRACESTATE, "x-correlation-id", "c-1")),
          FakeContext.of("req-1"),
          () ->
              sqs.sendMessage(
                  b -> b.queueUrl("https://sqs.us-east-1.amazonaws.com/1/q").messageBody("m")));
      String packed =
          aws.jsonRequests("AmazonSQS.SendMessage")
              .get(0)
              .get("MessageAttributes")
              .get("x-correlation-context")
              .get("StringValue")
              .asText();

      Map<String, Object> record =
          new HashMap<>(
              Map.of(
                  "eventSource",
                  "aws:sqs",
                  "body",
                  "m",
                  "messageAttributes",
                  Map.of("x-correlation-context", Map.of("stringValue", packed))));
      CorrelationIds consumer =
          Correlation.capture(
              Map.of("Records", Collections.singletonList(record)), FakeContext.of("req-2"));

      assertThat(Json.parse(packed))
          .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsEntry("traceparent", TRACEPARENT)
          .containsEntry("tracestate", TRACESTATE);
      assertThat(consumer.get(CorrelationIds.TRACEPARENT)).isEqualTo(TRACEPARENT);
      assertThat(consumer.get(CorrelationIds.TRACESTATE)).isEqualTo(TRACESTATE);
      assertThat(consumer.correlationId()).isEqualTo("c-1");
    }
  }
}
