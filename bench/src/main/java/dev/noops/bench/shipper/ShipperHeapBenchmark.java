package dev.noops.bench.shipper;

import dev.noops.bench.harness.MixedLogs;
import dev.noops.logs.MetricLineListener;
import dev.noops.logs.ShipReport;
import dev.noops.logs.Shipper;
import dev.noops.logs.ShipperConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Heap needed to ship a 1 MB (compressed) subscription payload, run under a small {@code -Xmx} (24
 * MB; issue 12's input needs more than 20 MB; try others with {@code -jvmArgsAppend "-Xmx16m
 * -XX:+UseSerialGC"}). Each invocation ships the payload through the real HTTP path to
 * test-support's {@code ScriptedCluster} acknowledging every item, run in a JVM of its own ({@code
 * dev.noops.bench.harness.StubCluster}), so the figure is the shipper's heap alone. {@code
 * peakHeapMB} is the sum of the heap pools' peak usage during the measurement; an OutOfMemoryError
 * fails the run.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx24m", "-XX:+UseSerialGC"})
@State(Scope.Benchmark)
public class ShipperHeapBenchmark {
  private Process cluster;
  private Shipper shipper;
  private MixedLogs.Payload payload;

  /** Peak heap of the measured invocation, in MB. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Heap {
    public double peakHeapMB;

    @Setup(Level.Invocation)
    public void resetPeaks() {
      System.gc();
      ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }
  }

  @Setup
  public void setUp() throws IOException, InterruptedException {
    payload = new MixedLogs(11).ofCompressedSize(1024 * 1024);
    shipper =
        Shipper.create(
            ShipperConfig.builder().endpoint(startCluster()).region("eu-west-1").build(),
            MetricLineListener.NONE);
  }

  /** Starts the stub cluster's JVM (this JVM's class path) and waits for the URL it writes. */
  private URI startCluster() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("noops-heap-bench");
    Path url = dir.resolve("cluster.url");
    cluster =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.noops.bench.harness.StubCluster",
                url.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("cluster.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(url)) {
      if (!cluster.isAlive() || System.nanoTime() > deadline) {
        cluster.destroyForcibly();
        throw new IllegalStateException("the stub cluster did not start: see " + dir);
      }
      Thread.sleep(50);
    }
    return URI.create(Files.readString(url, StandardCharsets.UTF_8).strip());
  }

  @TearDown
  public void tearDown() throws InterruptedException {
    cluster.destroy();
    cluster.waitFor(10, TimeUnit.SECONDS);
  }

  @Benchmark
  public ShipReport ship1MbCompressedPayload(Heap heap) {
    ShipReport report = shipper.ship(payload.envelope(), Duration.ofMinutes(5));
    if (report.events() != payload.events() || !report.complete()) {
      throw new IllegalStateException("not everything was shipped: " + report);
    }
    heap.peakHeapMB = peakHeapBytes() / (1024.0 * 1024.0);
    return report;
  }

  private static long peakHeapBytes() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed())
        .sum();
  }
}
