package dev.noops.bench.shipper;

import com.sun.net.httpserver.HttpServer;
import dev.noops.logs.MetricLineListener;
import dev.noops.logs.ShipReport;
import dev.noops.logs.Shipper;
import dev.noops.logs.ShipperConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
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
 * Heap needed to ship a 1 MB (compressed) subscription payload, run under a small {@code -Xmx} (20
 * MB: the smallest tried that succeeds; 16 MB fails; try others with {@code -jvmArgsAppend "-Xmx16m
 * -XX:+UseSerialGC"}). Each invocation ships the payload through the real HTTP path to an
 * in-process stub cluster that acknowledges every item (its buffers count too). {@code peakHeapMB}
 * is the sum of the heap pools' peak usage during the measurement; an OutOfMemoryError fails the
 * run.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx20m", "-XX:+UseSerialGC"})
@State(Scope.Benchmark)
public class ShipperHeapBenchmark {
  private HttpServer cluster;
  private Shipper shipper;
  private LogMix.Payload payload;

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
  public void setUp() throws IOException {
    payload = LogMix.build(1024 * 1024, 11);
    cluster = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    cluster.createContext(
        "/",
        exchange -> {
          byte[] answer;
          try (InputStream body = exchange.getRequestBody()) {
            answer =
                exchange.getRequestURI().getPath().endsWith("/_bulk")
                    ? acknowledge(countLines(new GZIPInputStream(body)) / 2)
                    : "{\"acknowledged\":true}".getBytes(StandardCharsets.UTF_8);
          }
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    cluster.start();
    URI endpoint = URI.create("http://127.0.0.1:" + cluster.getAddress().getPort());
    shipper =
        Shipper.create(
            ShipperConfig.builder().endpoint(endpoint).region("eu-west-1").build(),
            MetricLineListener.NONE);
  }

  @TearDown
  public void tearDown() {
    cluster.stop(0);
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

  private static int countLines(InputStream in) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    int lines = 0;
    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
      for (int i = 0; i < n; i++) {
        if (buffer[i] == '\n') {
          lines++;
        }
      }
    }
    return lines;
  }

  private static byte[] acknowledge(int items) {
    StringBuilder json =
        new StringBuilder(items * 32 + 32).append("{\"took\":1,\"errors\":false,\"items\":[");
    for (int i = 0; i < items; i++) {
      json.append(i == 0 ? "" : ",").append("{\"index\":{\"status\":201}}");
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
