package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkResponseParserTest {
  private final BulkResponseParser parser = new BulkResponseParser(Shipper.jsonFactory());

  @Test
  void the_shipper_asks_for_the_errors_flag_and_each_items_status_and_error_only() {
    assertThat(BulkDelivery.BULK_PATH)
        .isEqualTo("/_bulk?filter_path=errors,items.*.status,items.*.error");
  }

  @Test
  void a_filtered_response_keeps_one_result_per_item_in_request_order() throws IOException {
    // what Elasticsearch and OpenSearch answer to BULK_PATH: items keep their status, so their
    // positions still match the request's
    String filtered =
        """
        {"errors":true,"items":[{"index":{"status":201}},\
        {"index":{"status":429,"error":{"type":"es_rejected_execution_exception",\
        "reason":"rejected execution"}}},\
        {"create":{"status":409,"error":{"type":"version_conflict_engine_exception",\
        "reason":"document already exists"}}},\
        {"index":{"status":400,"error":{"type":"mapper_parsing_exception","reason":"failed",\
        "caused_by":{"type":"illegal_argument_exception","reason":"bad"}}}}]}""";

    List<ItemResult> results = parser.parse(filtered.getBytes(StandardCharsets.UTF_8));

    assertThat(results)
        .containsExactly(
            new ItemResult(201, null, null),
            new ItemResult(429, "es_rejected_execution_exception", "rejected execution"),
            new ItemResult(409, "version_conflict_engine_exception", "document already exists"),
            new ItemResult(400, "mapper_parsing_exception", "failed"));
    assertThat(results.get(1).retryable()).isTrue();
    assertThat(results.get(2).succeeded(true)).isTrue();
    assertThat(results.get(3).retryable()).isFalse();
  }

  @Test
  void an_unfiltered_response_reads_the_same() throws IOException {
    String full =
        """
        {"took":3,"errors":false,"items":[{"index":{"_index":"logs-2026.12.02","_id":"1",\
        "_version":1,"result":"created","_shards":{"total":2,"successful":1,"failed":0},\
        "_seq_no":0,"_primary_term":1,"status":201}}]}""";

    assertThat(parser.parse(full.getBytes(StandardCharsets.UTF_8)))
        .containsExactly(new ItemResult(201, null, null));
  }
}
