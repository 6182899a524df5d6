package dev.noops.metrics;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes batches as CloudWatch Embedded Metric Format documents, one JSON object per line, to a
 * stream (stdout in a Lambda, where CloudWatch Logs extracts the metrics; no API call). Each
 * document holds one namespace, one dimension set and one timestamp, at most 100 metrics, and at
 * most 100 values per metric; a distribution's {@code Values}/{@code Counts} are expanded into
 * repeated values because EMF has no counts.
 */
final class EmfPublisher implements MetricPublisher {
  static final int MAX_METRICS = 100;
  static final int MAX_VALUES = 100;

  private final PrintStream out;

  private EmfPublisher(PrintStream out) {
    this.out = out;
  }

  /** Writes to {@link System#out} as it is when each batch is published. */
  public static EmfPublisher toStdout() {
    return new EmfPublisher(null);
  }

  /** Writes to {@code out}. */
  public static EmfPublisher to(PrintStream out) {
    return new EmfPublisher(Objects.requireNonNull(out, "out == null"));
  }

  @Override
  public PublishResult publish(List<MetricBatch> batches, Instant deadline) {
    List<MetricBatch> published = new ArrayList<>();
    List<MetricBatch> rejected = new ArrayList<>();
    PrintStream target = out != null ? out : System.out;
    for (MetricBatch batch : batches) {
      if (batch.data().stream().anyMatch(EmfPublisher::collides)) {
        rejected.add(batch);
        continue;
      }
      StringBuilder lines = new StringBuilder();
      for (String document : documents(batch)) {
        lines.append(document).append('\n');
      }
      byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
      synchronized (target) {
        target.write(bytes, 0, bytes.length);
        target.flush();
      }
      published.add(batch);
    }
    return new PublishResult(published, rejected, List.of());
  }

  /** EMF reads metric values and dimension values from the same root members, next to "_aws". */
  private static boolean collides(MetricDatum datum) {
    return datum.dimensions().containsKey(datum.metricName())
        || datum.dimensions().containsKey("_aws")
        || datum.metricName().equals("_aws");
  }

  static List<String> documents(MetricBatch batch) {
    Map<Group, List<Document>> groups = new LinkedHashMap<>();
    for (MetricDatum datum : batch.data()) {
      List<Document> documents =
          groups.computeIfAbsent(
              new Group(datum.dimensions(), datum.timestamp(), datum.storageResolution()),
              g -> new ArrayList<>());
      for (List<Double> chunk : samples(datum)) {
        place(documents, datum, chunk);
      }
    }
    List<String> out = new ArrayList<>();
    groups.forEach(
        (group, documents) -> documents.forEach(d -> out.add(d.toJson(batch.namespace(), group))));
    return out;
  }

  private static void place(List<Document> documents, MetricDatum datum, List<Double> samples) {
    for (Document document : documents) {
      if (document.accepts(datum.metricName())) {
        document.add(datum, samples);
        return;
      }
    }
    Document document = new Document();
    document.add(datum, samples);
    documents.add(document);
  }

  /** The datum's samples in chunks of at most 100 values. */
  private static List<List<Double>> samples(MetricDatum datum) {
    List<List<Double>> chunks = new ArrayList<>();
    if (datum.value() != null) {
      chunks.add(List.of(datum.value()));
      return chunks;
    }
    List<Double> chunk = new ArrayList<>();
    for (double[] sample : datum.samples()) {
      long repeat = Math.max(1, Math.round(sample[1]));
      for (long r = 0; r < repeat; r++) {
        chunk.add(sample[0]);
        if (chunk.size() == MAX_VALUES) {
          chunks.add(chunk);
          chunk = new ArrayList<>();
        }
      }
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    return chunks;
  }

  private record Group(Map<String, String> dimensions, Instant timestamp, int storageResolution) {}

  private static final class Document {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();

    boolean accepts(String name) {
      return !values.containsKey(name) && values.size() < MAX_METRICS;
    }

    void add(MetricDatum datum, List<Double> samples) {
      values.put(datum.metricName(), samples);
      units.put(datum.metricName(), datum.unit());
    }

    String toJson(String namespace, Group group) {
      StringBuilder out =
          new StringBuilder(256)
              .append("{\"_aws\":{\"Timestamp\":")
              .append(group.timestamp.toEpochMilli())
              .append(",\"CloudWatchMetrics\":[{\"Namespace\":");
      Json.string(out, namespace).append(",\"Dimensions\":[[");
      boolean first = true;
      for (String name : group.dimensions.keySet()) {
        Json.string(out.append(first ? "" : ","), name);
        first = false;
      }
      out.append("]],\"Metrics\":[");
      first = true;
      for (Map.Entry<String, String> unit : units.entrySet()) {
        Json.string(out.append(first ? "" : ",").append("{\"Name\":"), unit.getKey())
            .append(",\"Unit\":");
        Json.string(out, unit.getValue())
            .append(",\"StorageResolution\":")
            .append(group.storageResolution)
            .append('}');
        first = false;
      }
      out.append("]}]}");
      group.dimensions.forEach(
          (name, value) -> Json.string(Json.string(out.append(','), name).append(':'), value));
      values.forEach(
          (name, samples) -> {
            Json.string(out.append(','), name).append(':');
            if (samples.size() == 1) {
              Json.number(out, samples.get(0));
            } else {
              out.append('[');
              for (int i = 0; i < samples.size(); i++) {
                Json.number(out.append(i == 0 ? "" : ","), samples.get(i));
              }
              out.append(']');
            }
          });
      return out.append('}').toString();
    }
  }
}
