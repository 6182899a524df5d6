package dev.noops.lambda;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The functions' logback configuration, in code: one JSON object per line on standard output
 * (Lambda sends it to CloudWatch Logs), the formatted message only (never the raw arguments), root
 * level from {@code NOOPS_LOG_LEVEL} (default {@code INFO}), the AWS SDK at {@code WARN}. Found by
 * logback's {@link java.util.ServiceLoader} lookup, it spares a cold start the XML configurator
 * (about 600 classes of Joran and the JDK's XML parser). A {@code logback.xml} or {@code
 * logback-test.xml} on the classpath still wins (tests, tools), so this only applies where no file
 * is given. Logback's own warnings and errors still reach standard error ({@link
 * WarningStatusListener}).
 *
 * <p>It carries no {@code @ConfiguratorRank}: it is the only configurator the functions register,
 * so a rank would order nothing, and reading it cost every cold start an annotation proxy class.
 */
public final class JsonLogConfigurator extends ContextAwareBase implements Configurator {
  private final Map<String, String> env;

  /** The configurator logback instantiates, reading the process environment. */
  public JsonLogConfigurator() {
    this(System.getenv());
  }

  JsonLogConfigurator(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ClassLoader loader = JsonLogConfigurator.class.getClassLoader();
    if (loader.getResource("logback-test.xml") != null
        || loader.getResource("logback.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    // with a listener registered logback skips its status printer (and the time zone database)
    WarningStatusListener.register(context, System.err);
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithThreadName(false);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("JSON");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level(env.get("NOOPS_LOG_LEVEL")));
    root.addAppender(appender);
    context.getLogger("software.amazon.awssdk").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * The level named (case-insensitive), else {@code INFO}: a typo must not silence the function.
   */
  static Level level(String name) {
    return name == null || name.isBlank() ? Level.INFO : Level.toLevel(name.trim(), Level.INFO);
  }
}
