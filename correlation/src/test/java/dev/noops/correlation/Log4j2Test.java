package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.noops.testsupport.FakeContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The log4j2 filter and debug buffer, configured by log4j2-test.xml the way the docs show (the
 * plugins are found through the index the build generates, as in a user's function).
 */
class Log4j2Test {
  private static final Path FILE = Path.of("target", "log4j2-test.log");
  private static final Logger SAMPLED = LogManager.getLogger("sampled");
  private static final Logger BUFFERED = LogManager.getLogger("buffered");
  private int read;

  @BeforeEach
  void skipWhatOthersWrote() {
    read = all().size();
  }

  private static List<String> all() {
    try {
      return Files.exists(FILE) ? Files.readAllLines(FILE, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines written since the last call. */
  private List<String> written() {
    List<String> lines = all();
    List<String> fresh = List.copyOf(lines.subList(read, lines.size()));
    read = lines.size();
    return fresh;
  }

  private static Map<String, Object> event(String debug) {
    return Map.of(
        "__context__", Map.of("x-correlation-id", "c-" + debug, "debug-log-enabled", debug));
  }

  @Test
  void the_filter_lets_debug_through_for_a_sampled_invocation_only() {
    Correlation.handle(
        event("true"),
        FakeContext.of("r-1"),
        () -> {
          SAMPLED.debug("sampled {}", 1);
          SAMPLED.debug("sampled {} {}", 2, "two");
          SAMPLED.trace("too fine");
          return null;
        });
    Correlation.handle(
        event("false"),
        FakeContext.of("r-2"),
        () -> {
          SAMPLED.debug("hidden");
          SAMPLED.info("shown");
          return null;
        });
    SAMPLED.debug("outside");

    assertThat(written())
        .containsExactly(
            "DEBUG|sampled|sampled 1", "DEBUG|sampled|sampled 2 two", "INFO|sampled|shown");
  }

  @Test
  void buffered_debug_lines_are_dropped_when_the_invocation_logs_no_error() {
    Correlation.handle(
        event("false"),
        FakeContext.of("r-3"),
        () -> {
          BUFFERED.debug("held");
          BUFFERED.info("info passes");
          return null;
        });
    Correlation.handle(
        event("false"),
        FakeContext.of("r-4"),
        () -> {
          BUFFERED.error("a later failure");
          return null;
        });

    assertThat(written())
        .containsExactly("INFO|buffered|info passes", "ERROR|buffered|a later failure");
  }

  @Test
  void an_error_writes_the_held_debug_lines_first_in_order() {
    Correlation.handle(
        event("false"),
        FakeContext.of("r-5"),
        () -> {
          BUFFERED.debug("step 1");
          BUFFERED.debug("step 2");
          BUFFERED.warn("slow");
          BUFFERED.error("failed");
          BUFFERED.debug("after the error, held again");
          return null;
        });

    assertThat(written())
        .containsExactly(
            "WARN|buffered|slow",
            "DEBUG|buffered|step 1",
            "DEBUG|buffered|step 2",
            "ERROR|buffered|failed");
  }

  @Test
  void a_full_buffer_drops_the_oldest_lines_and_says_so_on_flush() {
    Correlation.handle(
        event("false"),
        FakeContext.of("r-6"),
        () -> {
          for (int i = 1; i <= 5; i++) {
            BUFFERED.debug("line {}", i);
          }
          BUFFERED.error("failed");
          return null;
        });

    assertThat(written())
        .containsExactly(
            "WARN|"
                + Log4j2DebugBufferAppender.class.getName()
                + "|2 earlier debug line(s) of this invocation were dropped from the debug buffer"
                + " (maxLines 3, maxBytes 65536)",
            "DEBUG|buffered|line 3",
            "DEBUG|buffered|line 4",
            "DEBUG|buffered|line 5",
            "ERROR|buffered|failed");
  }

  @Test
  void a_handler_that_throws_writes_the_held_lines() {
    assertThatThrownBy(
            () ->
                Correlation.handle(
                    event("false"),
                    FakeContext.of("r-7"),
                    () -> {
                      BUFFERED.debug("what led to it");
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");

    assertThat(written()).containsExactly("DEBUG|buffered|what led to it");
  }

  @Test
  void a_sampled_invocation_and_lines_outside_invocations_are_not_held() {
    Correlation.handle(
        event("true"),
        FakeContext.of("r-8"),
        () -> {
          BUFFERED.debug("sampled, straight out");
          return null;
        });
    BUFFERED.debug("at init");

    assertThat(written())
        .containsExactly("DEBUG|buffered|sampled, straight out", "DEBUG|buffered|at init");
  }
}
