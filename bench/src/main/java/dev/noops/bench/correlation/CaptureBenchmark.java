package dev.noops.bench.correlation;

import dev.noops.correlation.Correlation;
import dev.noops.correlation.CorrelationIds;
import dev.noops.testsupport.FakeContext;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What every invocation pays: capture the IDs of an API Gateway REST event with five {@code
 * x-correlation-*} headers (plus call-chain-length and debug-log-enabled), make them current and
 * put them in the logback MDC, then clear them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CaptureBenchmark {
  private Map<String, Object> event;
  private FakeContext context;

  @Setup(Level.Trial)
  public void setUp() {
    event = ApiGatewayEvents.withFiveIds();
    context = FakeContext.of("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
  }

  @Benchmark
  public CorrelationIds captureAndClear() {
    return Correlation.handle(event, context, Correlation::current);
  }
}
