package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import dev.noops.testsupport.FakeContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The loop guard: past NOOPS_MAX_CALL_CHAIN_LENGTH nothing is forwarded, loudly. */
class LoopGuardTest {
  private static final String QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/orders";
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void capture() {
    LoopGuard.useMax(5);
    logs.start();
    ((Logger) LoggerFactory.getLogger(LoopGuard.class)).addAppender(logs);
  }

  @AfterEach
  void restore() {
    ((Logger) LoggerFactory.getLogger(LoopGuard.class)).detachAppender(logs);
    LoopGuard.useMax(LoopGuard.parseMax(System.getenv(LoopGuard.ENV)));
  }

  /**
   * An invocation whose caller says the chain is {@code incoming} long (this one makes it one
   * more).
   */
  private static <T> T atLength(int length, Supplier<T> body) {
    Map<String, Object> event =
        Map.of(
            "__context__",
            Map.of(
                "x-correlation-id", "loop-1", "call-chain-length", Integer.toString(length - 1)));
    return Correlation.handle(event, FakeContext.of("req-" + length), body);
  }

  @Test
  void a_service_below_the_maximum_forwards() {
    assertThat(atLength(4, Correlation::httpHeaders)).containsEntry("call-chain-length", "4");
    assertThat(logs.list).isEmpty();
  }

  @Test
  void every_forwarding_helper_refuses_at_the_maximum_with_one_error_line_each() {
    List<Supplier<Object>> helpers =
        List.of(
            Correlation::httpHeaders,
            Correlation::packedContext,
            Correlation::messageAttributes,
            () -> Correlation.withContext("{\"a\":1}"),
            () -> Correlation.withContext(Map.of("a", 1)));

    for (Supplier<Object> helper : helpers) {
      assertThatThrownBy(() -> atLength(5, helper))
          .isInstanceOfSatisfying(
              CallChainTooLongException.class,
              e -> {
                assertThat(e.callChainLength()).isEqualTo(5);
                assertThat(e.maxCallChainLength()).isEqualTo(5);
                assertThat(e)
                    .hasMessageContaining("NOOPS_MAX_CALL_CHAIN_LENGTH")
                    .hasMessageContaining("recursion");
              });
    }

    assertThat(logs.list)
        .hasSize(helpers.size())
        .allSatisfy(
            line -> {
              assertThat(line.getLevel()).isEqualTo(Level.ERROR);
              assertThat(line.getFormattedMessage())
                  .startsWith("LOOP GUARD: call chain length 5 has reached the maximum of 5")
                  .endsWith("(x-correlation-id loop-1)");
            });
  }

  @Test
  void zero_switches_the_guard_off_and_nonsense_keeps_the_default() {
    LoopGuard.useMax(0);
    assertThat(atLength(1_000, Correlation::httpHeaders))
        .containsEntry("call-chain-length", "1000");

    assertThat(LoopGuard.parseMax(null)).isEqualTo(LoopGuard.DEFAULT_MAX);
    assertThat(LoopGuard.parseMax(" 7 ")).isEqualTo(7);
    assertThat(LoopGuard.parseMax("0")).isZero();
    assertThat(LoopGuard.parseMax("-3")).isEqualTo(LoopGuard.DEFAULT_MAX);
    assertThat(LoopGuard.parseMax("lots")).isEqualTo(LoopGuard.DEFAULT_MAX);
    assertThat(LoopGuard.parseMax("99999999999")).isEqualTo(LoopGuard.DEFAULT_MAX);
  }

  @Test
  void a_function_that_triggers_itself_through_sqs_stops_after_the_maximum_number_of_hops() {
    // each hop receives the SQS record the previous hop built from messageAttributes()
    List<Integer> hops = new ArrayList<>();
    Map<String, Object> event =
        Map.of("Records", List.of(Map.of("eventSource", "aws:sqs", "body", "{}")));
    CallChainTooLongException stopped = null;
    for (int i = 0; i < 50 && stopped == null; i++) {
      try {
        Map<String, String> attributes =
            Correlation.handle(
                event,
                FakeContext.of("hop-" + i),
                () -> {
                  hops.add(Correlation.current().callChainLength());
                  return Correlation.messageAttributes();
                });
        event =
            Map.of(
                "Records",
                List.of(
                    Map.of(
                        "eventSource",
                        "aws:sqs",
                        "body",
                        "{}",
                        "messageAttributes",
                        Map.of(
                            "x-correlation-context",
                            Map.of("stringValue", attributes.get("x-correlation-context"))))));
      } catch (CallChainTooLongException e) {
        stopped = e;
      }
    }

    assertThat(hops).containsExactly(1, 2, 3, 4, 5);
    assertThat(stopped).isNotNull();
  }

  @Test
  void the_http_interceptor_sends_nothing_past_the_maximum() throws IOException {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .addInterceptor(new CorrelationHttpInterceptor())
            .callTimeout(10, TimeUnit.SECONDS)
            .build();
    try (MockWebServer server = new MockWebServer()) {
      server.start();
      server.enqueue(new MockResponse.Builder().code(200).build());
      Request request = new Request.Builder().url(server.url("/orders")).build();

      assertThatThrownBy(() -> atLength(5, () -> execute(http, request)))
          .isInstanceOf(CallChainTooLongException.class);
      assertThat(atLength(4, () -> execute(http, request))).isEqualTo(200);

      assertThat(server.getRequestCount()).isEqualTo(1);
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private static int execute(OkHttpClient http, Request request) {
    try (var response = http.newCall(request).execute()) {
      return response.code();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void the_sdk_interceptor_refuses_sends_but_not_other_calls_past_the_maximum() {
    try (AwsWireMock aws = AwsWireMock.start();
        SqsClient sqs =
            SdkClients.client(SqsClient.builder().checksumValidationEnabled(false), aws)) {
      aws.stubJson("AmazonSQS.SendMessage", Reply.ok(Map.of("MessageId", "m-1")));
      aws.stubJson("AmazonSQS.GetQueueUrl", Reply.ok(Map.of("QueueUrl", QUEUE)));

      Throwable refused =
          org.assertj.core.api.Assertions.catchThrowable(
              () ->
                  atLength(5, () -> sqs.sendMessage(b -> b.queueUrl(QUEUE).messageBody("again"))));
      String url = atLength(5, () -> sqs.getQueueUrl(b -> b.queueName("orders")).queueUrl());

      assertThat(refused).isInstanceOf(CallChainTooLongException.class);
      assertThat(aws.jsonRequests("AmazonSQS.SendMessage")).isEmpty();
      assertThat(url).isEqualTo(QUEUE);
    }
  }
}
