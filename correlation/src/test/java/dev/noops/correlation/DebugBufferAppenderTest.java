package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.noops.testsupport.FakeContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The logback debug buffer, configured in logback-test.xml as the docs show it. */
@SuppressWarnings(
    "try") // Correlation.Scope resources are held for their scope only: closing them is the point
class DebugBufferAppenderTest {
  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger("buffered");
  private ListAppender<ILoggingEvent> list;

  @BeforeEach
  @SuppressWarnings("unchecked")
  void findTheListBehindTheBuffer() {
    DebugBufferAppender buffer = (DebugBufferAppender) ((Logger) LOG).getAppender("BUFFER");
    list = (ListAppender<ILoggingEvent>) buffer.getAppender("LIST");
    list.list.clear();
  }

  private List<String> written() {
    return list.list.stream().map(e -> e.getLevel() + "|" + e.getFormattedMessage()).toList();
  }

  private static Map<String, Object> event(String debug) {
    return Map.of(
        "__context__", Map.of("x-correlation-id", "c-" + debug, "debug-log-enabled", debug));
  }

  @Test
  void buffered_debug_lines_are_dropped_when_the_invocation_logs_no_error() {
    Correlation.handle(
        event("false"),
        FakeContext.of("r-1"),
        () -> {
          LOG.debug("held");
          LOG.info("info passes");
          return null;
        });
    Correlation.handle(
        event("false"),
        FakeContext.of("r-2"),
        () -> {
          LOG.error("a later failure");
          return null;
        });

    assertThat(written()).containsExactly("INFO|info passes", "ERROR|a later failure");
  }

  @Test
  void an_error_writes_the_held_lines_first_with_the_ids_they_were_logged_with() {
    Correlation.handle(
        event("false"),
        FakeContext.of("r-3"),
        () -> {
          LOG.debug("step {}", 1);
          Correlation.put("x-correlation-order-id", "42");
          LOG.debug("step 2");
          LOG.warn("slow");
          LOG.error("failed");
          return null;
        });

    assertThat(written())
        .containsExactly("WARN|slow", "DEBUG|step 1", "DEBUG|step 2", "ERROR|failed");
    assertThat(list.list.get(1).getMDCPropertyMap())
        .containsEntry("awsRequestId", "r-3")
        .containsEntry("x-correlation-id", "c-false")
        .doesNotContainKey("x-correlation-order-id");
    assertThat(list.list.get(2).getMDCPropertyMap()).containsEntry("x-correlation-order-id", "42");
  }

  @Test
  void a_full_buffer_drops_the_oldest_lines_and_says_so_on_flush() {
    Correlation.handle(
        event("false"),
        FakeContext.of("r-4"),
        () -> {
          for (int i = 1; i <= 5; i++) {
            LOG.debug("line {}", i);
          }
          LOG.error("failed");
          return null;
        });

    assertThat(written())
        .containsExactly(
            "WARN|2 earlier debug line(s) of this invocation were dropped from the debug buffer"
                + " (maxLines 3, maxBytes 65536)",
            "DEBUG|line 3",
            "DEBUG|line 4",
            "DEBUG|line 5",
            "ERROR|failed");
  }

  @Test
  void a_handler_that_throws_writes_the_held_lines() {
    assertThatThrownBy(
            () ->
                Correlation.handle(
                    event("false"),
                    FakeContext.of("r-5"),
                    () -> {
                      LOG.debug("what led to it");
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");

    assertThat(written()).containsExactly("DEBUG|what led to it");
  }

  @Test
  void a_scope_that_closes_drops_the_held_lines() {
    try (Correlation.Scope scope = Correlation.begin(event("false"), FakeContext.of("r-6"))) {
      LOG.debug("held then dropped");
    }
    try (Correlation.Scope scope = Correlation.begin(event("false"), FakeContext.of("r-6"))) {
      LOG.error("same request id, later");
    }

    assertThat(written()).containsExactly("ERROR|same request id, later");
  }

  @Test
  void lines_of_worker_threads_belong_to_their_invocation() throws Exception {
    ExecutorService pool = Correlation.wrap(Executors.newFixedThreadPool(2));
    try {
      Correlation.handle(
          event("false"),
          FakeContext.of("r-7"),
          () -> {
            try {
              pool.submit(() -> LOG.debug("from a worker")).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            LOG.error("failed");
            return null;
          });
    } finally {
      pool.shutdown();
    }

    assertThat(written()).containsExactly("DEBUG|from a worker", "ERROR|failed");
  }

  @Test
  void a_sampled_invocation_and_lines_outside_invocations_are_not_held() {
    Correlation.handle(
        event("true"),
        FakeContext.of("r-8"),
        () -> {
          LOG.debug("sampled, straight out");
          return null;
        });
    LOG.debug("at init");

    assertThat(written()).containsExactly("DEBUG|sampled, straight out", "DEBUG|at init");
  }

  @Test
  void bounds_must_be_positive() {
    assertThatThrownBy(() -> new DebugBuffer<String>(0, 10, null))
        .hasMessage("maxLines must be at least 1: 0");
    assertThatThrownBy(() -> new DebugBuffer<String>(10, 0, null))
        .hasMessage("maxBytes must be at least 1: 0");
  }

  @Test
  void bytes_bound_the_buffer_as_well_as_lines() {
    List<String> out = new java.util.ArrayList<>();
    DebugBuffer<String> buffer =
        new DebugBuffer<>(
            100,
            3 * (DebugBuffer.LINE_OVERHEAD_BYTES + 10),
            new DebugBuffer.Sink<>() {
              @Override
              public void write(String event) {
                out.add(event);
              }

              @Override
              public void warn(String message) {
                out.add("WARN " + message);
              }
            });
    for (int i = 0; i < 5; i++) {
      buffer.hold("r", "0123456789", 10);
    }
    buffer.hold("r", "x".repeat(10_000), 10_000);

    assertThat(buffer.holding("r")).isZero();
    buffer.flush("r");
    assertThat(out).singleElement().asString().startsWith("WARN 6 earlier debug line(s)");
  }
}
