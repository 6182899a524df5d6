package dev.noops.bench.shipper;

import dev.noops.bench.harness.MixedLogs;
import dev.noops.logs.MetricLineListener;
import dev.noops.logs.Shipper;
import dev.noops.logs.ShipperConfig;
import java.io.OutputStream;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode + parse + serialize throughput of the shipper on one thread (one core): a subscription
 * envelope of a realistic log mix (about 256 KB compressed) through base64, gunzip, streaming JSON,
 * line parsing and ECS document writing into {@code _bulk} NDJSON (discarded; no network). The
 * {@code logTextBytes} counter is the log text (message bytes) processed per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx512m"})
@Threads(1)
@State(Scope.Thread)
public class ShipperThroughputBenchmark {
  private Shipper shipper;
  private MixedLogs.Payload payload;

  /** Log text bytes processed, reported by JMH as a rate (bytes/s). */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Counters {
    public long logTextBytes;
    public long events;

    @Setup(Level.Iteration)
    public void reset() {
      logTextBytes = 0;
      events = 0;
    }
  }

  @Setup
  public void setUp() {
    payload = new MixedLogs(7).ofCompressedSize(256 * 1024);
    shipper = renderingShipper();
  }

  @Benchmark
  public int decodeParseSerialize(Counters counters) {
    return render(shipper, payload, counters);
  }

  /** A shipper with the default settings that is only asked to render (no cluster behind it). */
  static Shipper renderingShipper() {
    ShipperConfig config =
        ShipperConfig.builder()
            .endpoint(URI.create("http://localhost:9200"))
            .region("eu-west-1")
            .build();
    return Shipper.create(config, MetricLineListener.NONE);
  }

  /** Renders {@code payload} into nothing and counts what it held; the invalid inputs' count. */
  static int render(Shipper shipper, MixedLogs.Payload payload, Counters counters) {
    int invalid = shipper.render(payload.envelope(), OutputStream.nullOutputStream()).size();
    counters.logTextBytes += payload.textBytes();
    counters.events += payload.events();
    return invalid;
  }
}
