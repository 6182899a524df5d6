package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.noops.testsupport.FakeContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

@SuppressWarnings(
    "try") // Correlation.Scope resources are held for their scope only: closing them is the point
class HoldTest {
  @BeforeEach
  void neverSample() {
    Correlation.useSampler(new DebugSampler(0));
  }

  @AfterEach
  void restoreSampler() {
    Correlation.useSampler(DebugSampler.fromEnvironment());
  }

  private static Map<String, Object> apiEvent(String correlationId) {
    Map<String, Object> event = Events.load("aws-lambda-go__apigw-request.json");
    if (correlationId != null) {
      Events.map(event, "headers").put("x-correlation-id", correlationId);
      Events.map(event, "headers").put("x-correlation-user-id", "user-of-" + correlationId);
    }
    return event;
  }

  @Test
  void ids_are_current_and_in_the_mdc_while_the_handler_runs() {
    Map<String, String> seen =
        Correlation.handle(
            apiEvent("corr-1"),
            FakeContext.of("req-1"),
            () -> {
              assertThat(Correlation.current().correlationId()).isEqualTo("corr-1");
              return MDC.getCopyOfContextMap();
            });

    assertThat(seen)
        .containsEntry("x-correlation-id", "corr-1")
        .containsEntry("x-correlation-user-id", "user-of-corr-1")
        .containsEntry("awsRequestId", "req-1")
        .containsEntry("call-chain-length", "1")
        .containsEntry("debug-log-enabled", "false");
  }

  @Test
  void a_warm_container_never_leaks_ids_into_the_next_invocation() {
    Correlation.handle(apiEvent("corr-1"), FakeContext.of("req-1"), () -> "first");

    assertThat(Correlation.current().isEmpty()).isTrue();
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    Map<String, String> second =
        Correlation.handle(
            Map.of("plain", "event"), FakeContext.of("req-2"), () -> Correlation.current().asMap());
    assertThat(second)
        .containsEntry("x-correlation-id", "req-2")
        .doesNotContainKey("x-correlation-user-id")
        .doesNotContainValue("corr-1");
  }

  @Test
  void ids_are_cleared_when_the_handler_throws() {
    assertThatThrownBy(
            () ->
                Correlation.handle(
                    apiEvent("corr-1"),
                    FakeContext.of("req-1"),
                    () -> {
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");

    assertThat(Correlation.current().isEmpty()).isTrue();
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void mdc_entries_of_the_application_survive_the_invocation() {
    MDC.put("tenant", "acme");
    try {
      Correlation.handle(apiEvent("corr-1"), FakeContext.of("req-1"), () -> "done");

      assertThat(MDC.getCopyOfContextMap()).containsExactly(Map.entry("tenant", "acme"));
    } finally {
      MDC.remove("tenant");
    }
  }

  @Test
  void a_scope_holds_the_ids_until_closed_even_when_the_handler_throws_a_checked_exception() {
    assertThatThrownBy(
            () -> {
              try (Correlation.Scope scope =
                  Correlation.begin(apiEvent("corr-1"), FakeContext.of("req-1"))) {
                assertThat(MDC.get("x-correlation-id")).isEqualTo("corr-1");
                throw new java.io.IOException("stream broke");
              }
            })
        .isInstanceOf(java.io.IOException.class);

    assertThat(Correlation.current().isEmpty()).isTrue();
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void a_stream_handler_passes_the_event_bytes_it_read() throws Exception {
    byte[] bytes =
        HoldTest.class
            .getResourceAsStream("/events/aws-lambda-go__apigw-request.json")
            .readAllBytes();

    try (Correlation.Scope scope = Correlation.begin(bytes, FakeContext.of("req-1"))) {
      assertThat(Correlation.current().correlationId())
          .isEqualTo("deef4878-7910-11e6-8f14-25afc3e9ae33");
    }
    assertThat(
            Correlation.capture(new byte[] {(byte) 0xff, '{', '}'}, FakeContext.of("req-2"))
                .correlationId())
        .isEqualTo("req-2");
  }

  @Test
  void closing_a_scope_twice_does_not_clear_a_later_invocation() {
    Correlation.Scope first = Correlation.begin(apiEvent("corr-1"), FakeContext.of("req-1"));
    first.close();

    try (Correlation.Scope second =
        Correlation.begin(apiEvent("corr-2"), FakeContext.of("req-2"))) {
      first.close();
      assertThat(Correlation.current().correlationId()).isEqualTo("corr-2");
    }
  }

  @Test
  void the_lambda_trace_header_is_captured_when_the_event_has_none() {
    String trace =
        Correlation.handle(
            Map.of(),
            FakeContext.of("req-1")
                .withXrayTraceId("Root=1-65a1b2c3-abcdef0123456789abcdef01;Sampled=1"),
            () -> MDC.get("x-amzn-trace-id"));

    assertThat(trace).isEqualTo("Root=1-65a1b2c3-abcdef0123456789abcdef01;Sampled=1");
  }

  @Test
  void a_missing_context_still_gets_a_request_id() {
    String id = Correlation.handle(null, null, () -> Correlation.current().awsRequestId());

    assertThat(id).hasSize(36);
  }

  @Test
  void each_record_is_processed_with_its_own_ids_and_the_invocation_ids_come_back_after() {
    Map<String, Object> event =
        Events.withRecords(Events.load("aws-lambda-go__kinesis-event.json"), 3);
    for (int i = 0; i < 3; i++) {
      Events.map(Events.records(event).get(i), "kinesis")
          .put(
              "data",
              Events.base64(
                  "{\"__context__\":{\"x-correlation-id\":\"rec-" + i + "\"},\"n\":" + i + "}"));
    }
    List<String> seen = new ArrayList<>();

    Correlation.handle(
        event,
        FakeContext.of("req-1"),
        () -> {
          Correlation.forEachRecord(
              event,
              (record, ids) -> {
                assertThat(Correlation.current()).isEqualTo(ids);
                assertThat(record).containsKey("kinesis");
                seen.add(MDC.get("x-correlation-id"));
              });
          seen.add(Correlation.current().correlationId());
          return null;
        });

    assertThat(seen).containsExactly("rec-0", "rec-1", "rec-2", "req-1");
  }

  @Test
  void a_record_that_throws_leaves_the_invocation_ids_current() {
    Map<String, Object> event = Events.load("aws-lambda-go__sqs-event.json");

    String after =
        Correlation.handle(
            event,
            FakeContext.of("req-1"),
            () -> {
              try {
                Correlation.forEachRecord(
                    event,
                    (record, ids) -> {
                      throw new IllegalStateException("bad record");
                    });
              } catch (IllegalStateException expected) {
                // the handler reports the failed record; the invocation goes on
              }
              return MDC.get("awsRequestId") + "/" + Correlation.current().correlationId();
            });

    assertThat(after).isEqualTo("req-1/req-1");
  }

  @Test
  void records_without_ids_inherit_the_sampled_debug_decision_of_the_invocation() {
    Correlation.useSampler(new DebugSampler(1));
    Map<String, Object> event = Events.load("aws-lambda-go__sqs-event.json");
    List<Boolean> debug = new ArrayList<>();

    Correlation.handle(
        event,
        FakeContext.of("req-1"),
        () -> {
          Correlation.forEachRecord(event, (record, ids) -> debug.add(ids.debugLogEnabled()));
          return null;
        });

    assertThat(debug).containsExactly(true);
  }

  @Test
  void forEachRecord_outside_an_invocation_still_gives_each_record_ids_and_leaves_nothing_behind() {
    Map<String, Object> event = Events.load("aws-lambda-go__sqs-event.json");
    List<String> seen = new ArrayList<>();

    Correlation.forEachRecord(event, (record, ids) -> seen.add(ids.correlationId()));

    assertThat(seen).singleElement().satisfies(id -> assertThat(id).hasSize(36));
    assertThat(Correlation.current().isEmpty()).isTrue();
  }

  @Test
  void forEachRecord_on_an_event_without_records_does_nothing() {
    List<Object> calls = new ArrayList<>();

    Correlation.forEachRecord(Map.of("Records", "nope"), (record, ids) -> calls.add(record));
    Correlation.forEachRecord(Map.of(), (record, ids) -> calls.add(record));

    assertThat(calls).isEmpty();
  }

  @Test
  void put_adds_an_id_that_is_logged_and_forwarded() {
    Map<String, String> headers =
        Correlation.handle(
            apiEvent("corr-1"),
            FakeContext.of("req-1"),
            () -> {
              Correlation.put("X-Correlation-Order-Id", "order-42\r\n");
              assertThat(MDC.get("x-correlation-order-id")).isEqualTo("order-42");
              return Correlation.httpHeaders();
            });

    assertThat(headers).containsEntry("x-correlation-order-id", "order-42");
  }

  @Test
  void put_rejects_names_outside_the_correlation_family() {
    Correlation.handle(
        apiEvent("corr-1"),
        FakeContext.of("req-1"),
        () -> {
          assertThatThrownBy(() -> Correlation.put("awsRequestId", "x"))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessage("name must be a token starting with x-correlation-: awsRequestId");
          assertThatThrownBy(() -> Correlation.put("x-correlation-id", "\r\n"))
              .isInstanceOf(IllegalArgumentException.class);
          return null;
        });
  }

  @Test
  void put_outside_an_invocation_is_refused_so_nothing_can_leak() {
    assertThatThrownBy(() -> Correlation.put("x-correlation-order-id", "42"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no invocation in progress: call put inside Correlation.handle");
    assertThat(Correlation.current().isEmpty()).isTrue();
  }
}
