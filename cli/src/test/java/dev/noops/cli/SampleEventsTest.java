package dev.noops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample events in {@code events/} stay valid: each is a JSON object; a subscription event's
 * data is gzip whose trailer checks, and holds a DATA_MESSAGE; every MONITORING line's epoch agrees
 * with the event's timestamp and with the time written at the start of its message.
 */
class SampleEventsTest {
  private static final Path EVENTS = Path.of("..", "events");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MONITORING = Pattern.compile("MONITORING\\|(\\d+)\\|");
  private static final Pattern ISO_START =
      Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z)");
  private static final Duration SLACK = Duration.ofMinutes(1);

  static Stream<Path> events() throws IOException {
    try (Stream<Path> files = Files.list(EVENTS)) {
      List<Path> json = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      assertThat(json).as("events/ holds sample events").isNotEmpty();
      return json.stream();
    }
  }

  static Stream<Path> subscriptionEvents() throws IOException {
    return events().filter(f -> read(f).has("awslogs"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("events")
  void every_sample_event_is_a_json_object(Path event) {
    assertThat(read(event).isObject()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("subscriptionEvents")
  void every_subscription_event_decodes_and_its_monitoring_epochs_match_its_text(Path event) {
    JsonNode payload = decode(read(event).get("awslogs").get("data").asText());
    assertThat(payload.get("messageType").asText()).isEqualTo("DATA_MESSAGE");
    assertThat(payload.get("logEvents").size()).isPositive();
    List<String> checked = new ArrayList<>();
    for (JsonNode logEvent : payload.get("logEvents")) {
      String message = logEvent.get("message").asText();
      Matcher monitoring = MONITORING.matcher(message);
      if (!monitoring.find()) {
        continue;
      }
      Instant epoch = Instant.ofEpochSecond(Long.parseLong(monitoring.group(1)));
      Instant timestamp = Instant.ofEpochMilli(logEvent.get("timestamp").asLong());
      assertThat(Duration.between(epoch, timestamp).abs())
          .as("MONITORING epoch vs event timestamp: %s", message)
          .isLessThanOrEqualTo(SLACK);
      Matcher written = ISO_START.matcher(message);
      if (written.find()) {
        assertThat(Duration.between(epoch, Instant.parse(written.group(1))).abs())
            .as("MONITORING epoch vs the time in the text: %s", message)
            .isLessThanOrEqualTo(SLACK);
      }
      checked.add(message);
    }
    if (event.getFileName().toString().contains("node")) {
      assertThat(checked).as("the Node.js sample carries a MONITORING line").isNotEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("subscriptionEvents")
  void every_subscription_event_ships_and_counts_as_metrics_input(Path event) {
    assertThat(Noops.run("ship", "--dry-run", event.toString())).isZero();
    assertThat(Noops.run("metrics", "--dry-run", event.toString()))
        .isIn(0, 1); // 1: out-of-window, as time passes
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file + " is not JSON", e);
    }
  }

  private static JsonNode decode(String data) {
    try (InputStream in =
        new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(data)))) {
      return JSON.readTree(in.readAllBytes()); // reading to the end checks the gzip trailer
    } catch (IOException e) {
      throw new UncheckedIOException("awslogs.data is not gzip(JSON)", e);
    }
  }
}
