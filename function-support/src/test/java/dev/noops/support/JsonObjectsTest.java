package dev.noops.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonObjectsTest {
  @Test
  void writes_one_compact_object_as_bytes_and_as_text() {
    JsonObjects.Fields fields =
        g -> {
          g.writeStringField("name", "é \"q\"");
          g.writeNumberField("limit", 50);
          g.writeObjectFieldStart("inner");
          g.writeEndObject();
        };

    String expected = "{\"name\":\"é \\\"q\\\"\",\"limit\":50,\"inner\":{}}";
    assertThat(new String(JsonObjects.write(fields), StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(JsonObjects.text(fields)).isEqualTo(expected);
    assertThat(JsonObjects.write(g -> {})).asString(StandardCharsets.UTF_8).isEqualTo("{}");
  }

  @Test
  void next_field_stops_on_each_value_with_its_name_and_ends_at_the_object_end()
      throws IOException {
    byte[] json = "{\"a\":1,\"b\":{\"c\":[2]},\"d\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    List<String> seen = new ArrayList<>();
    try (JsonParser p = JsonObjects.object(json)) {
      while (JsonObjects.nextField(p)) {
        seen.add(p.currentName() + "=" + p.currentToken());
        p.skipChildren();
      }
      assertThat(p.currentToken()).isEqualTo(JsonToken.END_OBJECT);
      assertThat(p.nextToken()).isNull();
    }
    assertThat(seen).containsExactly("a=VALUE_NUMBER_INT", "b=START_OBJECT", "d=VALUE_STRING");
  }

  @Test
  void object_refuses_a_document_that_is_not_an_object() {
    for (String json : List.of("[]", "\"text\"", "")) {
      assertThatThrownBy(() -> JsonObjects.object(json.getBytes(StandardCharsets.UTF_8)))
          .as(json)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("not a JSON object");
    }
  }
}
