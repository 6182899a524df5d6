package dev.noops.bench.harness;

import dev.noops.logs.MetricLineListener;
import dev.noops.logs.ShipReport;
import dev.noops.logs.Shipper;
import dev.noops.logs.ShipperConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child JVM of {@link MinimumHeap}: ships one envelope file to a cluster endpoint and exits 0
 * only if every event was acknowledged. An OutOfMemoryError ends it with a non-zero status.
 *
 * <p>Usage: {@code HeapProbe <endpoint> <envelope-file> <events>}
 */
public final class HeapProbe {
  private HeapProbe() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    byte[] envelope = Files.readAllBytes(Path.of(args[1]));
    int events = Integer.parseInt(args[2]);
    Shipper shipper =
        Shipper.create(
            ShipperConfig.builder().endpoint(endpoint).region("eu-west-1").build(),
            MetricLineListener.NONE);
    ShipReport report = shipper.ship(envelope, Duration.ofMinutes(5));
    if (report.events() != events || !report.complete()) {
      System.err.println("incomplete: " + report);
      System.exit(1);
    }
    System.exit(0);
  }
}
