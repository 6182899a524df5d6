package dev.noops.metrics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Packs datums into {@code PutMetricData} requests of at most 1000 datums and at most {@link
 * #MAX_REQUEST_BYTES} of estimated encoded size. The estimate is an upper bound of the CBOR (and
 * JSON) encoding: field names, UTF-8 strings, and 10 bytes per number.
 */
final class Batcher {
  /** A margin under CloudWatch's 1 MB request limit, for the envelope and headers. */
  static final int MAX_REQUEST_BYTES = 1_000_000;

  private static final int REQUEST_OVERHEAD = 512;
  private static final int DATUM_OVERHEAD = 160;
  private static final int DIMENSION_OVERHEAD = 32;
  private static final int NUMBER_BYTES = 10;

  private Batcher() {}

  static List<MetricBatch> batches(Map<String, List<MetricDatum>> byNamespace) {
    List<MetricBatch> batches = new ArrayList<>();
    byNamespace.forEach((namespace, data) -> pack(namespace, data, batches));
    return batches;
  }

  private static void pack(String namespace, List<MetricDatum> data, List<MetricBatch> out) {
    List<MetricDatum> current = new ArrayList<>();
    int bytes = REQUEST_OVERHEAD + utf8Length(namespace);
    for (MetricDatum datum : data) {
      int size = estimate(datum);
      if (!current.isEmpty()
          && (current.size() == MetricBatch.MAX_DATUMS || bytes + size > MAX_REQUEST_BYTES)) {
        out.add(new MetricBatch(namespace, current));
        current = new ArrayList<>();
        bytes = REQUEST_OVERHEAD + utf8Length(namespace);
      }
      current.add(datum);
      bytes += size;
    }
    if (!current.isEmpty()) {
      out.add(new MetricBatch(namespace, current));
    }
  }

  static int estimate(MetricDatum datum) {
    int size = DATUM_OVERHEAD + utf8Length(datum.metricName()) + datum.unit().length();
    for (Map.Entry<String, String> dimension : datum.dimensions().entrySet()) {
      size +=
          DIMENSION_OVERHEAD + utf8Length(dimension.getKey()) + utf8Length(dimension.getValue());
    }
    return size + NUMBER_BYTES * (4 + datum.values().size() + datum.counts().size());
  }

  private static int utf8Length(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return text.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return text.length();
  }
}
