package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.noops.testsupport.FakeContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class DebugLogTurboFilterTest {
  private static final Logger LOG = LoggerFactory.getLogger("orders");
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private OutputStreamAppender<ILoggingEvent> appender;

  @BeforeEach
  void captureJsonLines() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithFormattedMessage(true);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.start();
    appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    context.getLogger("orders").addAppender(appender);
  }

  @AfterEach
  void detach() {
    ((LoggerContext) LoggerFactory.getILoggerFactory())
        .getLogger("orders")
        .detachAppender(appender);
    Correlation.useSampler(DebugSampler.fromEnvironment());
  }

  private List<Map<String, Object>> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().map(Events::parse).toList();
  }

  private static Map<String, Object> event(String debug) {
    return Map.of(
        "__context__", Map.of("x-correlation-id", "corr-" + debug, "debug-log-enabled", debug));
  }

  @Test
  void the_documented_logback_xml_line_installs_the_filter() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    assertThat(context.getTurboFilterList()).hasAtLeastOneElementOfType(DebugLogTurboFilter.class);
  }

  @Test
  void an_invocation_with_debug_enabled_logs_debug_lines_with_its_ids() {
    Correlation.handle(
        event("true"),
        FakeContext.of("req-1"),
        () -> {
          LOG.debug("pricing order {}", 42);
          return null;
        });

    assertThat(lines())
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line)
                  .containsEntry("level", "DEBUG")
                  .containsEntry("formattedMessage", "pricing order 42");
              assertThat(line.get("mdc"))
                  .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                  .containsEntry("x-correlation-id", "corr-true")
                  .containsEntry("awsRequestId", "req-1")
                  .containsEntry("debug-log-enabled", "true");
            });
  }

  @Test
  void an_invocation_without_debug_logs_info_only_and_the_next_one_does_not_inherit_debug() {
    Correlation.handle(event("true"), FakeContext.of("req-1"), () -> null);
    Correlation.handle(
        event("false"),
        FakeContext.of("req-2"),
        () -> {
          LOG.debug("hidden");
          LOG.info("shown");
          return null;
        });
    LOG.debug("outside any invocation");

    assertThat(lines()).extracting(line -> line.get("formattedMessage")).containsExactly("shown");
  }

  @Test
  void trace_stays_off_even_when_debug_is_enabled() {
    Correlation.handle(
        event("true"),
        FakeContext.of("req-1"),
        () -> {
          LOG.trace("too fine");
          return null;
        });

    assertThat(lines()).isEmpty();
  }

  @Test
  void a_sampled_invocation_logs_at_debug_and_forwards_the_decision() {
    Correlation.useSampler(new DebugSampler(1));

    Map<String, String> headers =
        Correlation.handle(
            Map.of(),
            FakeContext.of("req-1"),
            () -> {
              LOG.debug("sampled");
              return Correlation.httpHeaders();
            });

    assertThat(lines()).extracting(line -> line.get("formattedMessage")).containsExactly("sampled");
    assertThat(headers).containsEntry("debug-log-enabled", "true");
  }

  @Test
  void a_worker_thread_of_a_debug_invocation_logs_at_debug_through_a_wrapped_task()
      throws Exception {
    Thread worker =
        Correlation.handle(
            event("true"),
            FakeContext.of("req-1"),
            () -> new Thread(Correlation.wrap(() -> LOG.debug("from a worker"))));
    worker.start();
    worker.join();

    assertThat(lines())
        .extracting(line -> line.get("formattedMessage"))
        .containsExactly("from a worker");
  }
}
