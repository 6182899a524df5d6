package dev.noops.lambda;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.ErrorStatus;
import ch.qos.logback.core.status.InfoStatus;
import ch.qos.logback.core.status.StatusUtil;
import ch.qos.logback.core.status.WarnStatus;
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
  void logbacks_own_warnings_reach_stderr_through_a_listener_so_its_status_printer_stays_unused() {
    LoggerContext context = new LoggerContext();
    context.getStatusManager().add(new InfoStatus("configuring", this));
    context.getStatusManager().add(new WarnStatus("before the configurator", this));
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

    WarningStatusListener.register(context, new java.io.PrintStream(err, true, UTF_8));
    context.getStatusManager().add(new ErrorStatus("after it", this));
    context.getStatusManager().add(new InfoStatus("fine", this));

    assertThat(StatusUtil.contextHasStatusListener(context)).isTrue();
    assertThat(err.toString(UTF_8).lines())
        .hasSize(2)
        .anySatisfy(
            l -> assertThat(l).startsWith("logback WARN").contains("before the configurator"))
        .anySatisfy(l -> assertThat(l).startsWith("logback ERROR").contains("after it"));
    assertThat(configured(Map.of()).getStatusManager().getCopyOfStatusListenerList())
        .hasAtLeastOneElementOfType(WarningStatusListener.class);
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
