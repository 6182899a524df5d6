package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the json, json_num, json_kv and json_long fields of a document hold for each mapping. */
class JsonFieldsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode write(JsonMapping mapping, Map<String, Object> leaves) {
    JsonBuffer out = new JsonBuffer(64);
    out.raw("{\"_\":0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    new JsonFields(mapping).write(out, leaves);
    out.raw((byte) '}');
    try {
      ObjectNode doc = (ObjectNode) JSON.readTree(out.toByteArray());
      doc.remove("_"); // the document's own fields come before the json ones
      return doc;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Map<String, Object> leaves() {
    Map<String, Object> leaves = new LinkedHashMap<>();
    leaves.put("order_total", 12.5);
    leaves.put("count", 3);
    leaves.put("big", new BigInteger("123456789012345678901234567890"));
    leaves.put("exact", new BigDecimal("0.1"));
    leaves.put("ok", true);
    leaves.put("name", "x-1");
    leaves.put("lines", List.of(1, 2, "three"));
    leaves.put("huge", Double.POSITIVE_INFINITY);
    return leaves;
  }

  @Test
  void numbers_become_key_value_pairs_and_the_json_object_keeps_every_leaf() {
    JsonNode doc = write(JsonMapping.FLAT_OBJECT, leaves());
    assertThat(doc.path("json").size()).isEqualTo(8);
    assertThat(doc.path("json").path("lines").toString()).isEqualTo("[1,2,\"three\"]");
    assertThat(doc.path("json_num").toString())
        .isEqualTo(
            "[{\"key\":\"order_total\",\"value\":12.5},{\"key\":\"count\",\"value\":3},"
                + "{\"key\":\"big\",\"value\":123456789012345678901234567890},{\"key\":\"exact\",\"value\":0.1},"
                + "{\"key\":\"lines\",\"value\":1},{\"key\":\"lines\",\"value\":2}]");
    assertThat(doc.has("json_kv")).as("flat_object indexes json itself").isFalse();
  }

  @Test
  void key_value_adds_one_searchable_pair_per_value() {
    JsonNode doc = write(JsonMapping.KEY_VALUE, leaves());
    assertThat(doc.path("json_kv").toString())
        .isEqualTo(
            "[\"order_total=12.5\",\"count=3\",\"big=123456789012345678901234567890\","
                + "\"exact=0.1\",\"ok=true\",\"name=x-1\",\"lines=1\",\"lines=2\",\"lines=three\",\"huge=Infinity\"]");
  }

  @Test
  void a_text_too_long_to_index_goes_to_json_long_and_a_pair_too_long_is_left_out() {
    Map<String, Object> leaves = new LinkedHashMap<>();
    leaves.put("payload", "é".repeat(JsonFields.MAX_INDEXED + 1));
    leaves.put("mid", "m".repeat(JsonFields.MAX_PAIR));
    leaves.put("id", "a");
    JsonNode doc = write(JsonMapping.KEY_VALUE, leaves);
    assertThat(doc.path("json_long").path("payload").asText()).hasSize(JsonFields.MAX_INDEXED + 1);
    assertThat(doc.path("json").has("payload")).isFalse();
    assertThat(doc.path("json").path("mid").asText()).hasSize(JsonFields.MAX_PAIR);
    assertThat(doc.path("json_kv").toString()).isEqualTo("[\"id=a\"]");

    JsonNode onlyLong =
        write(JsonMapping.FLAT_OBJECT, Map.of("payload", "x".repeat(JsonFields.MAX_INDEXED + 1)));
    assertThat(onlyLong.has("json")).as("no empty json object").isFalse();
  }

  @Test
  void no_leaves_write_nothing() {
    assertThat(write(JsonMapping.KEY_VALUE, Map.of()).size()).isZero();
  }

  @Test
  void numbers_are_bounded() {
    Map<String, Object> leaves = new LinkedHashMap<>();
    for (int i = 0; i < 150; i++) {
      leaves.put("n" + i, i);
    }
    assertThat(write(JsonMapping.FLAT_OBJECT, leaves).path("json_num").size())
        .isEqualTo(JsonFields.MAX_NUMBERS);
  }
}
