package dev.noops.metrics;

import java.util.List;
import java.util.Objects;

/**
 * What one {@code PutMetricData} request carries: a namespace and at most 1000 datums whose
 * encoding stays under 1 MB.
 *
 * @param namespace the CloudWatch namespace
 * @param data the datums, 1 to 1000
 */
record MetricBatch(String namespace, List<MetricDatum> data) {
  /** CloudWatch's limit of datums per request. */
  public static final int MAX_DATUMS = 1000;

  /** Checks the namespace and the number of datums. */
  public MetricBatch {
    Namespaces.check(namespace);
    data = List.copyOf(Objects.requireNonNull(data, "data == null"));
    if (data.isEmpty() || data.size() > MAX_DATUMS) {
      throw new IllegalArgumentException(
          "a batch holds 1 to " + MAX_DATUMS + " datums, not " + data.size());
    }
  }

  /**
   * The request as one JSON object with the API's field names: {@code Namespace}, {@code
   * MetricData[]}.
   */
  public String toJson() {
    StringBuilder out = new StringBuilder(256).append("{\"Namespace\":");
    Json.string(out, namespace).append(",\"MetricData\":[");
    for (int i = 0; i < data.size(); i++) {
      data.get(i).appendJson(out.append(i == 0 ? "" : ","));
    }
    return out.append("]}").toString();
  }
}
