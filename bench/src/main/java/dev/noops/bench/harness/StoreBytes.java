package dev.noops.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.noops.logs.MetricLineListener;
import dev.noops.logs.ShipReport;
import dev.noops.logs.Shipper;
import dev.noops.logs.ShipperConfig;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.OpenSearchNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Index bytes per document with the shipper's features off and all on ({@link ShipperFeatures}):
 * the envelopes of a directory shipped into an in-process OpenSearch node, each run into its own
 * prefix, force-merged to one segment, then primary store bytes ({@code _stats/store}) divided by
 * the top-level documents ({@code _count}; the nested {@code json_num} pairs are not counted as
 * documents). Prints one line per run and mode.
 *
 * <p>Usage: {@code StoreBytes DIR RUNS}
 */
public final class StoreBytes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private StoreBytes() {}

  @SuppressWarnings(
      "try") // the tagging endpoint serves the shippers' lookups for the block's scope
  public static void main(String[] args) throws Exception {
    List<byte[]> inputs = WarmShipper.read(Path.of(args[0]));
    int runs = Integer.parseInt(args[1]);
    try (OpenSearchNode node = OpenSearchNode.start();
        AwsWireMock tags = ShipperFeatures.taggingEndpoint()) {
      for (int run = 0; run < runs; run++) {
        for (String mode : List.of("off", "all")) {
          String prefix = "bytes-" + mode + "-" + run;
          ShipperConfig.Builder config =
              ShipperConfig.builder()
                  .endpoint(node.httpUri())
                  .indexPrefix(prefix)
                  .region("eu-west-1")
                  .safetyMargin(Duration.ZERO);
          if (mode.equals("all")) {
            ShipperFeatures.allOn(config, prefix);
          }
          Shipper shipper = Shipper.create(config.build(), MetricLineListener.NONE);
          long events = 0;
          long redactions = 0;
          for (byte[] input : inputs) {
            ShipReport report = shipper.ship(input, Duration.ofMinutes(2));
            events += report.indexed();
            redactions += report.redactions().values().stream().mapToInt(Integer::intValue).sum();
          }
          String indices = prefix + "-*";
          send(node.httpUri(), "POST", "/" + indices + "/_refresh");
          send(node.httpUri(), "POST", "/" + indices + "/_forcemerge?max_num_segments=1");
          send(node.httpUri(), "POST", "/" + indices + "/_flush?force=true");
          send(node.httpUri(), "POST", "/" + indices + "/_refresh"); // merged-away files go now
          long segments =
              send(node.httpUri(), "GET", "/" + indices + "/_stats/segments")
                  .path("_all")
                  .path("primaries")
                  .path("segments")
                  .path("count")
                  .asLong();
          long docs = send(node.httpUri(), "GET", "/" + indices + "/_count").path("count").asLong();
          long bytes =
              send(node.httpUri(), "GET", "/" + indices + "/_stats/store")
                  .path("_all")
                  .path("primaries")
                  .path("store")
                  .path("size_in_bytes")
                  .asLong();
          List<String> names = new ArrayList<>();
          send(node.httpUri(), "GET", "/_cat/indices/" + indices + "?format=json")
              .forEach(index -> names.add(index.path("index").asText()));
          System.out.printf(
              Locale.ROOT,
              "run=%d mode=%s indexed=%d docs=%d segments=%d store_bytes=%d bytes_per_doc=%.1f"
                  + " redactions=%d indices=%s%n",
              run,
              mode,
              events,
              docs,
              segments,
              bytes,
              (double) bytes / docs,
              redactions,
              names.stream().sorted().toList());
        }
      }
    }
  }

  private static JsonNode send(URI base, String method, String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }
}
