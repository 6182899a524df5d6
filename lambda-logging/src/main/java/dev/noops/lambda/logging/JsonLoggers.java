package dev.noops.lambda.logging;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.spi.MDCAdapter;

/** One {@link JsonLogger} per name, all writing to the same stream. */
final class JsonLoggers implements ILoggerFactory {
  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final Levels levels;
  private final MDCAdapter mdc;
  private final Supplier<PrintStream> out;

  /**
   * {@code out} is asked at each line (standard output as it is then, so a runtime or a test that
   * replaces {@code System.out} is followed).
   */
  JsonLoggers(Levels levels, MDCAdapter mdc, Supplier<PrintStream> out) {
    this.levels = levels;
    this.mdc = mdc;
    this.out = out;
  }

  @Override
  public Logger getLogger(String name) {
    Logger known = loggers.get(name);
    if (known != null) {
      return known;
    }
    Logger created = new JsonLogger(name, levels.threshold(name), mdc, out);
    Logger raced = loggers.putIfAbsent(name, created);
    return raced == null ? created : raced;
  }
}
