package dev.noops.bench.shipper;

import dev.noops.bench.harness.MixedLogs;
import dev.noops.logs.Shipper;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ShipperThroughputBenchmark}'s work on one kind of line of the mix at a time (an envelope
 * of 2,000 such events): where the mixed figure goes. Not part of {@code bench/run}; run it as
 * {@code java -jar bench/target/benchmarks.jar ShipperLineKinds}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx512m"})
@Threads(1)
@State(Scope.Thread)
public class ShipperLineKindsBenchmark {
  @Param({"text", "platform", "json", "monitoring", "stack", "xray"})
  public String kind;

  private Shipper shipper;
  private MixedLogs.Payload payload;

  @Setup
  public void setUp() {
    payload = new MixedLogs(7).ofKind(kind, 2_000);
    shipper = ShipperThroughputBenchmark.renderingShipper();
  }

  @Benchmark
  public int decodeParseSerialize(ShipperThroughputBenchmark.Counters counters) {
    return ShipperThroughputBenchmark.render(shipper, payload, counters);
  }
}
