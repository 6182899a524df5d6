package dev.noops.bench.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.noops.logs.MetricLineListener;
import dev.noops.logs.ShipReport;
import dev.noops.logs.Shipper;
import dev.noops.logs.ShipperConfig;
import dev.noops.testsupport.OpenSearchNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Shipper end to end: awslogs envelopes through {@link Shipper#ship} (the handler's one call) into
 * an in-process OpenSearch node, timed until every document is searchable ({@code _count} equals
 * the events shipped, polled without forcing a refresh). One warm-up run, then {@link #RUNS}
 * measured runs of {@link #PAYLOADS} envelopes of {@link #EVENTS} events each, one after another,
 * each run into its own index prefix.
 *
 * <p>Usage: {@code ShipperEndToEnd <rows.jsonl> <command>}
 */
public final class ShipperEndToEnd {
  static final int RUNS = 5;
  static final int PAYLOADS = 10;
  static final int EVENTS = 2_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(java.time.Duration.ofSeconds(10))
          .build();

  private ShipperEndToEnd() {}

  public static void main(String[] args) throws Exception {
    Path rows = Path.of(args[0]);
    String command = args[1];
    List<Double> searchable = new ArrayList<>();
    List<Double> acknowledged = new ArrayList<>();
    String note = "";
    try (OpenSearchNode node = OpenSearchNode.start()) {
      for (int run = 0; run <= RUNS; run++) {
        double[] rates = run(node.httpUri(), "bench-e2e-" + run, run);
        if (run > 0) {
          acknowledged.add(rates[0]);
          searchable.add(rates[1]);
        }
        System.out.printf(
            "  run %d: %.0f events/s acknowledged, %.0f events/s searchable%n",
            run, rates[0], rates[1]);
      }
    } catch (RuntimeException e) {
      note = "stopped early: " + e;
    }
    String what =
        PAYLOADS
            + " envelopes x "
            + EVENTS
            + " events per run, sequential (one invocation at a time), "
            + "one in-process OpenSearch node (test-support OpenSearchNode) sharing this JVM and the cores with the "
            + "shipper, "
            + "so the node's indexing rate bounds the figure";
    Row.append(
        rows,
        List.of(
            Row.of(
                "shipper end to end: awslogs envelopes to searchable documents",
                "events/s",
                searchable,
                false,
                note.isEmpty() ? what : what + "; " + note,
                command),
            Row.of(
                "shipper end to end: awslogs envelopes to acknowledged _bulk items",
                "events/s",
                acknowledged,
                false,
                note.isEmpty() ? what : what + "; " + note,
                command)));
  }

  /** Returns {acknowledged events/s, searchable events/s}. */
  private static double[] run(URI node, String prefix, int seed) throws Exception {
    MixedLogs generator = new MixedLogs(seed);
    List<MixedLogs.Payload> payloads = new ArrayList<>();
    long events = 0;
    for (int i = 0; i < PAYLOADS; i++) {
      MixedLogs.Payload payload = generator.ofEvents(EVENTS);
      payloads.add(payload);
      events += payload.events();
    }
    Shipper shipper =
        Shipper.create(
            ShipperConfig.builder().endpoint(node).region("eu-west-1").indexPrefix(prefix).build(),
            MetricLineListener.NONE);
    long start = System.nanoTime();
    for (MixedLogs.Payload payload : payloads) {
      ShipReport report = shipper.ship(payload.envelope(), Duration.ofMinutes(5));
      if (!report.complete() || report.indexed() != payload.events()) {
        throw new IllegalStateException("not everything was indexed: " + report);
      }
    }
    long shipped = System.nanoTime();
    long deadline = shipped + Duration.ofMinutes(2).toNanos();
    while (count(node, prefix) < events) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("documents not searchable after 2 minutes: " + prefix);
      }
      Thread.sleep(20);
    }
    long visible = System.nanoTime();
    return new double[] {events * 1e9 / (shipped - start), events * 1e9 / (visible - start)};
  }

  private static long count(URI node, String prefix) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(node.resolve("/" + prefix + "-2*/_count")).GET().build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return 0;
    }
    return JSON.readTree(response.body()).path("count").asLong();
  }
}
