package dev.noops.correlation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.AppenderControl;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginConfiguration;
import org.apache.logging.log4j.core.config.plugins.PluginElement;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.impl.ContextDataFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.StringMap;

/**
 * The log4j2 form of {@link DebugBufferAppender}: holds the DEBUG and TRACE lines of each
 * invocation and writes them to the referenced appenders only if the invocation logs an ERROR or
 * fails inside {@link Correlation#handle}; lines outside an invocation, of a request sampled for
 * debug logging, and INFO/WARN lines pass straight through. With {@code aws-lambda-java-log4j2}:
 *
 * <pre>{@code
 * <Appenders>
 *   <Lambda name="Lambda"><JsonTemplateLayout .../></Lambda>
 *   <NoopsDebugBuffer name="Buffer" maxLines="200" maxBytes="65536"><AppenderRef ref="Lambda"/></NoopsDebugBuffer>
 * </Appenders>
 * <Loggers><Root level="DEBUG"><AppenderRef ref="Buffer"/></Root></Loggers>
 * }</pre>
 *
 * Use it synchronously (not behind an {@code Async} appender or async loggers): it finds the
 * invocation through the correlation context of the logging thread.
 */
@Plugin(
    name = "NoopsDebugBuffer",
    category = Core.CATEGORY_NAME,
    elementType = Appender.ELEMENT_TYPE,
    printObject = true)
final class Log4j2DebugBufferAppender extends AbstractAppender {
  private final Configuration configuration;
  private final AppenderRef[] refs;
  private final List<AppenderControl> downstream = new ArrayList<>();
  private final DebugBuffer<LogEvent> buffer;

  private Log4j2DebugBufferAppender(
      String name,
      Filter filter,
      int maxLines,
      int maxBytes,
      AppenderRef[] refs,
      Configuration configuration) {
    super(name, filter, null, true, Property.EMPTY_ARRAY);
    this.configuration = configuration;
    this.refs = refs == null ? new AppenderRef[0] : refs.clone();
    this.buffer = new DebugBuffer<>(maxLines, maxBytes, new Sink());
  }

  /** The appender; log4j2 calls this for {@code <NoopsDebugBuffer>}. */
  @PluginFactory
  static Log4j2DebugBufferAppender createAppender(
      @PluginAttribute("name") String name,
      @PluginAttribute(value = "maxLines", defaultInt = 200) int maxLines,
      @PluginAttribute(value = "maxBytes", defaultInt = 65_536) int maxBytes,
      @PluginElement("AppenderRef") AppenderRef[] refs,
      @PluginElement("Filter") Filter filter,
      @PluginConfiguration Configuration configuration) {
    if (name == null || name.isBlank()) {
      LOGGER.error("NoopsDebugBuffer needs a name");
      return null;
    }
    try {
      return new Log4j2DebugBufferAppender(name, filter, maxLines, maxBytes, refs, configuration);
    } catch (IllegalArgumentException e) {
      LOGGER.error("NoopsDebugBuffer {} not created: {}", name, e.getMessage());
      return null;
    }
  }

  @Override
  public void start() {
    for (AppenderRef ref : refs) {
      Appender appender = configuration.getAppender(ref.getRef());
      if (appender == null) {
        error("NoopsDebugBuffer " + getName() + ": no appender named " + ref.getRef());
      } else {
        downstream.add(new AppenderControl(appender, ref.getLevel(), ref.getFilter()));
      }
    }
    buffer.start();
    super.start();
  }

  @Override
  public boolean stop(long timeout, java.util.concurrent.TimeUnit timeUnit) {
    buffer.stop();
    return super.stop(timeout, timeUnit);
  }

  @Override
  public void append(LogEvent event) {
    CorrelationIds ids = Holder.current();
    String invocation = ids.awsRequestId();
    if (invocation == null || ids.debugLogEnabled()) {
      write(event);
      return;
    }
    Level level = event.getLevel();
    if (level.isLessSpecificThan(Level.DEBUG)) {
      // a copy: log4j2 may reuse the mutable event as soon as this returns
      LogEvent held = event.toImmutable();
      String message = held.getMessage() == null ? null : held.getMessage().getFormattedMessage();
      buffer.hold(invocation, held, message == null ? 0 : message.length());
      return;
    }
    if (level.isMoreSpecificThan(Level.ERROR)) {
      buffer.flush(invocation);
    }
    write(event);
  }

  private void write(LogEvent event) {
    for (AppenderControl control : downstream) {
      control.callAppender(event);
    }
  }

  private final class Sink implements DebugBuffer.Sink<LogEvent> {
    @Override
    public void write(LogEvent event) {
      Log4j2DebugBufferAppender.this.write(event);
    }

    @Override
    public void warn(String message) {
      StringMap context = ContextDataFactory.createContextData();
      for (Map.Entry<String, String> id : Holder.current().asMap().entrySet()) {
        if (!id.getKey().equals(CorrelationIds.BAGGAGE)) {
          context.putValue(id.getKey(), id.getValue());
        }
      }
      Log4jLogEvent.Builder warning =
          Log4jLogEvent.newBuilder()
              .setLoggerName(Log4j2DebugBufferAppender.class.getName())
              .setLoggerFqcn(Log4j2DebugBufferAppender.class.getName())
              .setLevel(Level.WARN)
              .setMessage(new SimpleMessage(message))
              .setThreadName(Thread.currentThread().getName())
              .setTimeMillis(System.currentTimeMillis())
              .setContextData(context);
      Log4j2DebugBufferAppender.this.write(warning.build());
    }
  }
}
