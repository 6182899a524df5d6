package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.testsupport.FakeContext;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CorrelationHttpInterceptorTest {
  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient http =
      new OkHttpClient.Builder()
          .addInterceptor(new CorrelationHttpInterceptor())
          .callTimeout(10, TimeUnit.SECONDS)
          .build();

  @BeforeEach
  void start() throws IOException {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private static Map<String, Object> event(Map<String, Object> context) {
    return Map.of("__context__", context);
  }

  private RecordedRequest call(Map<String, Object> event, Request.Builder request) {
    server.enqueue(new MockResponse.Builder().code(200).body("ok").build());
    int status =
        Correlation.handle(
            event,
            FakeContext.of("req-1"),
            () -> {
              try (Response response =
                  http.newCall(request.url(server.url("/orders")).build()).execute()) {
                return response.code();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(status).isEqualTo(200);
    try {
      return server.takeRequest(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void sends_the_forwarded_ids_and_baggage_on_the_wire() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("x-correlation-id", "corr-1");
    context.put("x-correlation-user-id", "jos\u00e9 d");
    context.put("call-chain-length", "1");
    context.put("debug-log-enabled", "true");
    context.put("baggage", "tenant=acme,x-correlation-id=stale");

    Headers headers = call(event(context), new Request.Builder()).getHeaders();

    assertThat(headers.get("x-correlation-id")).isEqualTo("corr-1");
    assertThat(headers.get("x-correlation-user-id")).isEqualTo("jos d");
    assertThat(headers.get("call-chain-length")).isEqualTo("2");
    assertThat(headers.get("debug-log-enabled")).isEqualTo("true");
    assertThat(headers.get("baggage"))
        .isEqualTo("x-correlation-id=corr-1,x-correlation-user-id=jos%C3%A9%20d,tenant=acme");
    assertThat(headers.names())
        .doesNotContain("awsRequestId", "traceparent", "x-correlation-context");
  }

  @Test
  void headers_the_caller_set_are_not_overwritten() {
    Headers headers =
        call(
                event(Map.of("x-correlation-id", "corr-1")),
                new Request.Builder()
                    .header("x-correlation-id", "explicit")
                    .header("baggage", "mine=1"))
            .getHeaders();

    assertThat(headers.values("x-correlation-id")).containsExactly("explicit");
    assertThat(headers.values("baggage")).containsExactly("mine=1");
  }

  @Test
  void an_injection_attempt_cannot_add_a_header() {
    Headers headers =
        call(
                event(
                    Map.of(
                        "x-correlation-id", "a\r\nX-Injected: 1", "baggage", "k=v\r\nX-Evil: 1")),
                new Request.Builder())
            .getHeaders();

    assertThat(headers.get("x-correlation-id")).isEqualTo("aX-Injected: 1");
    assertThat(headers.names()).doesNotContain("x-injected", "X-Injected", "x-evil", "X-Evil");
  }

  @Test
  void outside_an_invocation_the_request_goes_out_unchanged() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());

    try (Response response =
        http.newCall(new Request.Builder().url(server.url("/")).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }

    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().names())
        .noneMatch(name -> name.startsWith("x-correlation") || name.equals("baggage"));
  }

  @Test
  void a_hostile_baggage_is_capped_at_the_w3c_size() {
    Headers headers =
        call(
                event(Map.of("x-correlation-id", "corr-1", "baggage", "k=v,".repeat(200))),
                new Request.Builder())
            .getHeaders();

    String baggage = headers.get("baggage");
    assertThat(baggage.length()).isLessThanOrEqualTo(Baggage.MAX_BYTES);
    assertThat(baggage.split(","))
        .hasSizeLessThanOrEqualTo(Baggage.MAX_MEMBERS)
        .startsWith("x-correlation-id=corr-1");
  }
}
