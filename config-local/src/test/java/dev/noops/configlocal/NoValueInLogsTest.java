package dev.noops.configlocal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every log line written while values and secrets pass through the API, good and bad requests
 * alike, at every level: none holds a value.
 */
class NoValueInLogsTest {
  private static final String PLAIN = "plain-value-7f3a9c";
  private static final String SECRET = "secret-value-b41e27";
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private Logger root;
  private Level level;
  private Logger jetty;
  private Level jettyLevel;
  private Dynamo dynamo;
  private LocalApi api;

  @BeforeEach
  void capture() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    level = root.getLevel();
    root.setLevel(Level.TRACE);
    // Jetty's DEBUG lines dump raw request buffers; noops local runs it at WARN (LocalCommand), and
    // so does this test, which is about what noops itself logs
    jetty = (Logger) LoggerFactory.getLogger("org.eclipse.jetty");
    jettyLevel = jetty.getLevel();
    jetty.setLevel(Level.WARN);
    captured.start();
    root.addAppender(captured);
    dynamo = new Dynamo();
    api = new LocalApi(dynamo);
  }

  @AfterEach
  void release() {
    api.close();
    dynamo.close();
    root.detachAppender(captured);
    root.setLevel(level);
    jetty.setLevel(jettyLevel);
  }

  @Test
  void no_log_line_holds_a_plain_value_a_secret_or_its_ciphertext() throws Exception {
    api.put("/a", "{\"value\": \"" + PLAIN + "\"}");
    api.put("/s", "{\"value\": \"" + SECRET + "\", \"encrypt\": true}");
    String ciphertext = TestJson.JSON.readTree(api.get("/config/s").body()).get("value").asText();
    api.put("/a", "{\"value\": \"" + PLAIN + "\" , broken");
    api.put("/a", "{\"value\": " + PLAIN + "}");
    api.put("/a", "{\"value\": \"" + PLAIN + "\", \"" + SECRET + "\": 1}");
    api.put("/a", "{\"value\": \"" + PLAIN + "\"} " + SECRET);
    api.send(
        api.request("/config/a")
            .header("Content-Type", "application/json")
            .header("If-Match", "\"9\"")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"value\": \"" + SECRET + "\"}"))
            .build());
    api.get("/config?keys=/a,/s");
    api.get("/history/s");
    api.get("/config?prefix=/");
    api.send(api.request("/config/s").DELETE().build());

    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    encoder.start();
    List<String> lines =
        captured.list.stream()
            .map(
                event ->
                    new String(encoder.encode(event), StandardCharsets.UTF_8)
                        + event.getFormattedMessage())
            .toList();
    assertThat(lines).as("the API logs each request").hasSizeGreaterThanOrEqualTo(11);
    assertThat(lines)
        .noneMatch(line -> line.contains(PLAIN))
        .noneMatch(line -> line.contains(ciphertext))
        .noneMatch(line -> line.contains(SECRET));
  }
}
