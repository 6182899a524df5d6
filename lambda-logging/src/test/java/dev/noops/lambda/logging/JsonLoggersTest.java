package dev.noops.lambda.logging;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/** The provider as the functions use it: levels, MDC, key-value pairs, throwables, lookup. */
class JsonLoggersTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, UTF_8);
  private final BasicMDCAdapter mdc = new BasicMDCAdapter();

  private JsonLoggers loggers(String level) {
    return new JsonLoggers(
        Levels.fromEnvironment(level == null ? Map.of() : Map.of("NOOPS_LOG_LEVEL", level)),
        mdc,
        () -> out);
  }

  private List<JsonNode> lines() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new java.util.ArrayList<>();
    for (String line : bytes.toString(UTF_8).split("\n", -1)) {
      if (!line.isEmpty()) {
        lines.add(json.readTree(line));
      }
    }
    return lines;
  }

  @Test
  void writes_info_and_above_by_default_and_the_sdk_at_warn() throws Exception {
    JsonLoggers loggers = loggers(null);
    Logger app = loggers.getLogger("dev.noops.logs.Shipper");
    Logger sdk = loggers.getLogger("software.amazon.awssdk.request");

    app.debug("hidden");
    app.info("shipped {} of {}", 3, 4);
    sdk.info("hidden too");
    sdk.warn("sdk warning");
    loggers.getLogger("software.amazon.awssdkother").info("not the SDK's");

    assertThat(lines())
        .extracting(l -> l.get("level").asText() + " " + l.get("formattedMessage").asText())
        .containsExactly("INFO shipped 3 of 4", "WARN sdk warning", "INFO not the SDK's");
    assertThat(loggers.getLogger("dev.noops.logs.Shipper")).isSameAs(app);
  }

  @Test
  void takes_the_level_from_noops_log_level_and_ignores_a_typo() {
    assertThat(Levels.level(" debug ")).isEqualTo(Level.DEBUG);
    assertThat(Levels.level("WARN")).isEqualTo(Level.WARN);
    assertThat(Levels.level("verbose")).isEqualTo(Level.INFO);
    assertThat(Levels.level("")).isEqualTo(Level.INFO);
    assertThat(Levels.level(null)).isEqualTo(Level.INFO);
    assertThat(loggers("error").getLogger("x").isWarnEnabled()).isFalse();
    assertThat(loggers("trace").getLogger("x").isTraceEnabled()).isTrue();
    // the SDK stays at WARN under DEBUG, and follows a stricter root
    assertThat(loggers("debug").getLogger("software.amazon.awssdk").isInfoEnabled()).isFalse();
    assertThat(loggers("error").getLogger("software.amazon.awssdk").isWarnEnabled()).isFalse();
  }

  @Test
  void writes_mdc_key_value_pairs_and_a_last_argument_throwable() throws Exception {
    Logger log = loggers(null).getLogger("dev.noops.configapi.ConfigApi");
    mdc.put("AWSRequestId", "r-1");

    log.atInfo().addKeyValue("route", "/config/{key}").addKeyValue("status", 200).log("request");
    log.warn("failed for {}", "/a", new IllegalStateException("boom"));
    mdc.clear();
    log.error("plain");

    List<JsonNode> lines = lines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).at("/mdc/AWSRequestId").asText()).isEqualTo("r-1");
    assertThat(lines.get(0).at("/kvpList/0/route").asText()).isEqualTo("/config/{key}");
    assertThat(lines.get(0).at("/kvpList/1/status").asText()).isEqualTo("200");
    assertThat(lines.get(1).get("formattedMessage").asText()).isEqualTo("failed for /a");
    assertThat(lines.get(1).at("/throwable/className").asText())
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(lines.get(1).has("kvpList")).isFalse();
    assertThat(lines.get(2).get("mdc")).isEmpty();
    assertThat(lines.get(2).get("throwable").isNull()).isTrue();
  }

  @Test
  void a_disabled_fluent_call_writes_nothing() {
    loggers("warn").getLogger("x").atInfo().addKeyValue("k", "v").log("hidden");
    assertThat(bytes.size()).isZero();
  }

  @Test
  void is_the_provider_slf4j_finds_by_service_loader() {
    assertThat(ServiceLoader.load(SLF4JServiceProvider.class).stream().map(p -> p.type().getName()))
        .contains(JsonLogProvider.class.getName());
    JsonLogProvider provider = new JsonLogProvider();
    provider.initialize();
    assertThat(provider.getLoggerFactory().getLogger("x")).isInstanceOf(JsonLogger.class);
    assertThat(provider.getMDCAdapter()).isNotNull();
    assertThat(provider.getMarkerFactory().getMarker("m").getName()).isEqualTo("m");
  }
}
