package dev.noops.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLogConfiguratorTest {
  private static LoggerContext configured(Map<String, String> env) {
    LoggerContext context = new LoggerContext();
    JsonLogConfigurator configurator = new JsonLogConfigurator(env);
    configurator.setContext(context);
    assertThat(configurator.configure(context))
        .isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    return context;
  }

  @Test
  void writes_json_lines_to_stdout_at_info_with_the_sdk_at_warn() {
    LoggerContext context = configured(Map.of());

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("software.amazon.awssdk").getLevel()).isEqualTo(Level.WARN);
    ConsoleAppender<?> appender = (ConsoleAppender<?>) root.getAppender("JSON");
    assertThat(appender.isStarted()).isTrue();
    assertThat(appender.getTarget()).isEqualTo("System.out");
    assertThat(appender.getEncoder()).isInstanceOf(JsonEncoder.class);
  }

  @Test
  void takes_the_level_from_noops_log_level_and_ignores_a_typo() {
    assertThat(
            configured(Map.of("NOOPS_LOG_LEVEL", " debug "))
                .getLogger(Logger.ROOT_LOGGER_NAME)
                .getLevel())
        .isEqualTo(Level.DEBUG);
    assertThat(JsonLogConfigurator.level("verbose")).isEqualTo(Level.INFO);
    assertThat(JsonLogConfigurator.level("")).isEqualTo(Level.INFO);
    assertThat(JsonLogConfigurator.level(null)).isEqualTo(Level.INFO);
  }

  @Test
  void is_what_logback_finds_by_service_loader() throws Exception {
    try (var in =
        getClass()
            .getResourceAsStream("/META-INF/services/ch.qos.logback.classic.spi.Configurator")) {
      assertThat(new String(in.readAllBytes(), UTF_8).trim())
          .isEqualTo(JsonLogConfigurator.class.getName());
    }
  }
}
