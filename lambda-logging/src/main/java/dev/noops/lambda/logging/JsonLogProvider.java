package dev.noops.lambda.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The functions' SLF4J provider, found by SLF4J's {@link java.util.ServiceLoader} lookup: JSON
 * lines on standard output ({@link JsonLine}), root level from {@code NOOPS_LOG_LEVEL} (default
 * {@code INFO}), the AWS SDK at {@code WARN}. It does what the functions asked of logback and
 * nothing more, so the first log line of a cold start loads a few dozen classes instead of
 * logback's 330.
 */
public final class JsonLogProvider implements SLF4JServiceProvider {
  private ILoggerFactory loggers;
  private IMarkerFactory markers;
  private MDCAdapter mdc;

  /** The provider SLF4J instantiates. */
  public JsonLogProvider() {}

  @Override
  public void initialize() {
    mdc = new BasicMDCAdapter();
    markers = new BasicMarkerFactory();
    loggers = new JsonLoggers(Levels.fromEnvironment(System.getenv()), mdc, () -> System.out);
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }
}
