package dev.noops.correlation;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.filter.AbstractFilter;
import org.apache.logging.log4j.message.Message;

/**
 * The log4j2 form of {@link DebugLogTurboFilter}: a context-wide filter that lets DEBUG (and
 * higher) through, whatever the logger levels say, while the current invocation or record has
 * {@code debug-log-enabled=true}. With {@code aws-lambda-java-log4j2}, one element in {@code
 * log4j2.xml}, directly under {@code <Configuration>}:
 *
 * <pre>{@code
 * <Configuration>
 *   <NoopsDebugLogFilter/>
 *   <Appenders><Lambda name="Lambda">...</Lambda></Appenders>
 *   <Loggers><Root level="INFO"><AppenderRef ref="Lambda"/></Root></Loggers>
 * </Configuration>
 * }</pre>
 */
@Plugin(
    name = "NoopsDebugLogFilter",
    category = Node.CATEGORY,
    elementType = Filter.ELEMENT_TYPE,
    printObject = true)
final class Log4j2DebugLogFilter extends AbstractFilter {
  private Log4j2DebugLogFilter() {
    super(Result.NEUTRAL, Result.NEUTRAL);
  }

  /** The filter; log4j2 calls this for {@code <NoopsDebugLogFilter/>}. */
  @PluginFactory
  static Log4j2DebugLogFilter createFilter() {
    return new Log4j2DebugLogFilter();
  }

  private static Result decide(Level level) {
    if (level == null
        || level.isLessSpecificThan(Level.TRACE)
        || level.intLevel() > Level.DEBUG.intLevel()) {
      return Result.NEUTRAL;
    }
    return Holder.current().debugLogEnabled() ? Result.ACCEPT : Result.NEUTRAL;
  }

  @Override
  public Result filter(Logger logger, Level level, Marker marker, String msg, Object... params) {
    return decide(level);
  }

  @Override
  public Result filter(Logger logger, Level level, Marker marker, Object msg, Throwable t) {
    return decide(level);
  }

  @Override
  public Result filter(Logger logger, Level level, Marker marker, Message msg, Throwable t) {
    return decide(level);
  }

  @Override
  public Result filter(LogEvent event) {
    return decide(event.getLevel());
  }
}
