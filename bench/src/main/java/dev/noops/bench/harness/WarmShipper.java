package dev.noops.bench.harness;

import dev.noops.logs.MetricLineListener;
import dev.noops.logs.Shipper;
import dev.noops.logs.ShipperConfig;
import dev.noops.logs.ShipperHandler;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.FakeContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The warm shipper: every envelope of a directory handed to {@link ShipperHandler} as one
 * invocation each, round after round in this JVM, against a cluster in another process (so only the
 * shipper's CPU is counted). Measures events per CPU-second of this whole process (all threads:
 * JIT, GC, HTTP client) per round after the warm-up rounds, and prints one line per round.
 *
 * <p>Usage: {@code WarmShipper ship|render URL DIR WARMUP_ROUNDS ROUNDS [GZIP_LEVEL [FEATURES]]}
 * ({@code render}: the dry run's NDJSON to a null stream, no HTTP; GZIP_LEVEL 0 sends uncompressed
 * bodies; FEATURES {@code off}, {@code all} or a list: issue 13's features, see {@link
 * ShipperFeatures#on}, and events are then counted as read rather than as indexed)
 */
public final class WarmShipper {
  private static String counted = "\"indexed\":";
  private static final FakeContext WARM =
      FakeContext.withRemaining(Duration.ofMinutes(2)).withRequestId("warm");

  private WarmShipper() {}

  public static void main(String[] args) throws IOException {
    String mode = args[0];
    URI url = URI.create(args[1]);
    List<byte[]> inputs = read(Path.of(args[2]));
    int warmup = Integer.parseInt(args[3]);
    int rounds = Integer.parseInt(args[4]);
    ShipperConfig.Builder builder = ShipperConfig.builder().endpoint(url).region("eu-west-1");
    if (args.length > 5) {
      builder.gzipLevel(Integer.parseInt(args[5]));
    }
    String features = args.length > 6 ? args[6] : null;
    AwsWireMock tags = null;
    if (features != null && !features.equals("off")) {
      tags = ShipperFeatures.taggingEndpoint(); // the lookups are cached: asked once per group
      ShipperFeatures.on(builder, "logs-lambda", features);
    }
    counted = features == null ? "\"indexed\":" : "\"events\":";
    ShipperConfig config = builder.build();
    Shipper shipper = Shipper.create(config, MetricLineListener.NONE);
    ShipperHandler handler = new ShipperHandler(shipper);
    for (int round = -warmup; round < rounds; round++) {
      long cpu0 = cpuNanos();
      long wall0 = System.nanoTime();
      long events = 0;
      for (byte[] input : inputs) {
        events += mode.equals("render") ? render(shipper, input) : invoke(handler, input);
      }
      double cpu = (cpuNanos() - cpu0) / 1e9;
      double wall = (System.nanoTime() - wall0) / 1e9;
      if (round >= 0) {
        System.out.printf(
            Locale.ROOT,
            "round=%d events=%d cpu_s=%.3f wall_s=%.3f events_per_cpu_s=%.0f%n",
            round,
            events,
            cpu,
            wall,
            events / cpu);
      }
    }
    if (tags != null) {
      tags.close();
    }
  }

  private static long invoke(ShipperHandler handler, byte[] input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(input), out, WARM);
    String answer = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    int start = answer.indexOf(counted) + counted.length();
    return Long.parseLong(answer.substring(start, answer.indexOf(',', start)));
  }

  private static long render(Shipper shipper, byte[] input) {
    CountingStream out = new CountingStream();
    shipper.render(input, out);
    return out.lines / 2;
  }

  static List<byte[]> read(Path dir) throws IOException {
    List<byte[]> inputs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        inputs.add(Files.readAllBytes(file));
      }
    }
    return inputs;
  }

  /** CPU time of the whole process (every thread), as {@code /proc/self/stat} counts it. */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static final class CountingStream extends OutputStream {
    long lines;

    @Override
    public void write(int b) {
      if (b == '\n') {
        lines++;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          lines++;
        }
      }
    }
  }
}
