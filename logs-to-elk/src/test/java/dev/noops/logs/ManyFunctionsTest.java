package dev.noops.logs;

import static dev.noops.logs.CloudWatchData.envelope;
import static dev.noops.logs.CloudWatchData.payload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.testsupport.ChildJvmNode;
import dev.noops.testsupport.OpenSearchNode;
import dev.noops.testsupport.es7.Elasticsearch7Node;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * 1,000 functions whose JSON lines each use 50 field names of their own (50,000 names in one day's
 * index), plus an {@code order_total} that is a number in most functions, text in some and an
 * object in others: on every engine, no document is dead-lettered, the mapping stays a few dozen
 * fields, a value is found by its field, and the numbers average and range-filter exactly.
 */
class ManyFunctionsTest {
  static final int FUNCTIONS = 1000;
  static final int EVENTS = 50;
  static final int FIELDS = 50;
  private static final String INDEX = "many-2020.03.27";

  @Test
  void opensearch_3_8_flat_object() {
    try (OpenSearchNode node = OpenSearchNode.start()) {
      shipAndCheck(node.httpUri(), JsonMapping.FLAT_OBJECT);
    }
  }

  @Test
  void opensearch_2_19_flat_object() {
    try (ChildJvmNode node = ChildJvmNode.openSearch(2)) {
      shipAndCheck(node.httpUri(), JsonMapping.FLAT_OBJECT);
    }
  }

  @Test
  void opensearch_1_3_key_value() {
    try (ChildJvmNode node = ChildJvmNode.openSearch(1)) {
      shipAndCheck(node.httpUri(), JsonMapping.KEY_VALUE);
    }
  }

  @Test
  void elasticsearch_7_10_without_xpack_key_value() {
    try (Elasticsearch7Node node = Elasticsearch7Node.start()) {
      shipAndCheck(node.httpUri(), JsonMapping.KEY_VALUE);
    }
  }

  private static void shipAndCheck(URI uri, JsonMapping expected) {
    Shipper shipper =
        Shipper.create(OpenSearchShippingTest.config(uri, "many").build(), MetricLineListener.NONE);
    long indexed = 0;
    long deadLettered = 0;
    for (int f = 0; f < FUNCTIONS; f++) {
      ShipReport report =
          shipper.ship(
              envelope(payload("/aws/lambda/fn-" + f, "2020/03/27/[$LATEST]" + f, events(f))),
              Duration.ofMinutes(2));
      indexed += report.indexed();
      deadLettered += report.deadLettered();
    }
    Cluster cluster = new Cluster(uri);
    assertThat(deadLettered).as("dead letters").isZero();
    assertThat(indexed).isEqualTo((long) FUNCTIONS * EVENTS);
    assertThat(cluster.count(INDEX)).isEqualTo((long) FUNCTIONS * EVENTS);
    assertThat(cluster.count("many-failed-*")).isZero();

    JsonNode template =
        cluster.get("/_index_template/many").path("index_templates").get(0).path("index_template");
    assertThat(template.path("_meta").path("json_mapping").asText()).isEqualTo(expected.setting());
    assertThat(leafFields(cluster.get("/" + INDEX + "/_mapping").path(INDEX).path("mappings")))
        .as("mapped fields do not grow with the functions")
        .isLessThan(80);

    String field = "f" + 7 + "_k" + 4;
    String value = (String) fields(7, 3).get(field);
    String byField =
        expected == JsonMapping.KEY_VALUE
            ? "{\"query\":{\"term\":{\"json_kv\":\"" + field + "=" + value + "\"}}}"
            : "{\"query\":{\"term\":{\"json." + field + "\":\"" + value + "\"}}}";
    assertThat(hits(cluster.post("/" + INDEX + "/_search", byField)))
        .as("found by its field")
        .isEqualTo(1);

    JsonNode avg =
        cluster.post(
            "/" + INDEX + "/_search",
            "{\"size\":0,\"aggs\":{\"n\":{\"nested\":{\"path\":\"json_num\"},"
                + "\"aggs\":{\"k\":{\"filter\":{\"term\":{\"json_num.key\":\"order_total\"}},"
                + "\"aggs\":{\"avg\":{\"avg\":{\"field\":\"json_num.value\"}},"
                + "\"p\":{\"percentiles\":{\"field\":\"json_num.value\",\"percents\":[50]}}}}}}}}");
    JsonNode totals = avg.path("aggregations").path("n").path("k");
    assertThat(totals.path("doc_count").asLong()).isEqualTo(numericTotals().size());
    assertThat(totals.path("avg").path("value").asDouble())
        .isCloseTo(
            numericTotals().stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
            org.assertj.core.data.Offset.offset(1e-6));

    JsonNode range =
        cluster.post(
            "/" + INDEX + "/_search",
            "{\"size\":0,\"track_total_hits\":true,\"query\":{\"nested\":{\"path\":\"json_num\","
                + "\"query\":{\"bool\":{\"filter\":[{\"term\":{\"json_num.key\":\"order_total\"}},"
                + "{\"range\":{\"json_num.value\":{\"gte\":90}}}]}}}}}");
    assertThat(hits(range)).isEqualTo(numericTotals().stream().filter(v -> v >= 90).count());
  }

  /**
   * Function {@code f}'s events: its own 50 fields, and an order_total whose type depends on the
   * function.
   */
  static List<LogEvent> events(int f) {
    List<LogEvent> events = new ArrayList<>(EVENTS);
    for (int e = 0; e < EVENTS; e++) {
      StringBuilder line =
          new StringBuilder("{\"level\":\"INFO\",\"message\":\"order placed\",\"order_total\":")
              .append(orderTotal(f, e));
      fields(f, e)
          .forEach(
              (name, value) ->
                  line.append(",\"")
                      .append(name)
                      .append("\":")
                      .append(value instanceof String s ? "\"" + s + "\"" : String.valueOf(value)));
      events.add(
          new LogEvent("fn" + f + "-" + e, CloudWatchData.T0 + e, line.append('}').toString()));
    }
    return events;
  }

  /** Names {@code f<f>_k<j>}: a third numbers, a third text, a third booleans. */
  static Map<String, Object> fields(int f, int e) {
    Map<String, Object> fields = new java.util.LinkedHashMap<>();
    for (int j = 0; j < FIELDS; j++) {
      Object value =
          switch (j % 3) {
            case 0 -> e * 10 + j;
            case 1 -> "v-" + f + "-" + j + "-" + e;
            default -> e % 2 == 0;
          };
      fields.put("f" + f + "_k" + j, value);
    }
    return fields;
  }

  private static String orderTotal(int f, int e) {
    return switch (f % 10) {
      case 0 -> "\"n/a\"";
      case 5 -> "{\"amount\":" + e + ",\"currency\":\"EUR\"}";
      default -> Double.toString(total(f, e));
    };
  }

  private static double total(int f, int e) {
    return (f % 100) + e / 4.0;
  }

  private static List<Double> numericTotals() {
    List<Double> totals = new ArrayList<>();
    for (int f = 0; f < FUNCTIONS; f++) {
      for (int e = 0; e < EVENTS; e++) {
        if (f % 10 != 0 && f % 10 != 5) {
          totals.add(total(f, e));
        }
      }
    }
    return totals;
  }

  private static long hits(JsonNode response) {
    return response.path("hits").path("total").path("value").asLong(-1);
  }

  /** Counts the leaf fields of a mapping (sub-fields of object and nested fields included). */
  static int leafFields(JsonNode mapping) {
    int count = 0;
    Iterator<Map.Entry<String, JsonNode>> fields =
        mapping.path("properties").properties().iterator();
    while (fields.hasNext()) {
      JsonNode field = fields.next().getValue();
      count += field.has("properties") ? leafFields(field) : 1;
    }
    return count;
  }
}
