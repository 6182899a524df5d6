package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
  @Test
  void reads_every_json_type() {
    Object value =
        Json.parse(
            " {\"s\":\"a\\\"b\\\\c\\/\\n\\u00e9\\ud83d\\ude00\",\"i\":-12,\"d\":1.5e3,\"t\":true,"
                + "\"f\":false,\"n\":null,\"a\":[1,[],{}],\"o\":{\"k\":\"v\"}} ");

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("s", "a\"b\\c/\né\uD83D\uDE00");
    expected.put("i", -12L);
    expected.put("d", 1500.0);
    expected.put("t", true);
    expected.put("f", false);
    expected.put("n", null);
    expected.put("a", List.of(1L, List.of(), Map.of()));
    expected.put("o", Map.of("k", "v"));
    assertThat(value).isEqualTo(expected);
  }

  @Test
  void agrees_with_jackson_on_an_aws_sample_event() throws Exception {
    String text =
        new String(
            JsonTest.class
                .getResourceAsStream("/events/aws-lambda-go__apigw-request.json")
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);

    // Jackson reads small numbers as Integer, this reader as Long: compare the JSON they write
    assertThat(Events.write(Json.parse(text))).isEqualTo(Events.write(Events.parse(text)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\":1,}",
        "[1,]",
        "01",
        "1.",
        "-",
        "1e",
        "tru",
        "nul",
        "\"unterminated",
        "\"bad \\x escape\"",
        "\"\\u12\"",
        "\"raw\ncontrol\"",
        "{\"a\":1} trailing",
        "{'a':1}",
        "{a:1}",
        "NaN",
        "[1 2]"
      })
  void rejects_text_that_is_not_exactly_one_json_value(String text) {
    assertThatThrownBy(() -> Json.parse(text))
        .isInstanceOf(Json.MalformedJsonException.class)
        .hasMessageContaining("at offset");
  }

  @Test
  void rejects_nesting_deeper_than_the_limit_without_overflowing_the_stack() {
    assertThat(Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH)))
        .isInstanceOf(List.class);
    assertThatThrownBy(
            () -> Json.parse("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1)))
        .hasMessageContaining("nested deeper than 512");
  }

  @Test
  void parseObjectOrNull_answers_null_for_anything_but_an_object() {
    assertThat(Json.parseObjectOrNull(null)).isNull();
    assertThat(Json.parseObjectOrNull("Hello World")).isNull();
    assertThat(Json.parseObjectOrNull("[{}]")).isNull();
    assertThat(Json.parseObjectOrNull("{broken")).isNull();
    assertThat(Json.parseObjectOrNull("\n {}")).isEqualTo(Map.of());
  }

  @Test
  void writes_objects_with_every_special_character_escaped() {
    Map<String, String> members = new LinkedHashMap<>();
    members.put("a\"b", "line\nbreak\ttab\\slash\u0001\u2028");

    String json = JsonWriter.object(members);

    assertThat(json).isEqualTo("{\"a\\\"b\":\"line\\nbreak\\ttab\\\\slash\\u0001\\u2028\"}");
    assertThat(Json.parse(json)).isEqualTo(members);
  }

  @Test
  void prepends_a_member_keeping_the_rest_of_the_payload_byte_for_byte() {
    assertThat(JsonWriter.prependMember("{}", "__context__", "{\"k\":\"v\"}"))
        .isEqualTo("{\"__context__\":{\"k\":\"v\"}}");
    assertThat(JsonWriter.prependMember("  { \n }", "c", "1")).isEqualTo("  {\"c\":1 \n }");
    assertThat(JsonWriter.prependMember("{\"n\":1.50,\"s\":\"\\u00e9\"}", "c", "1"))
        .isEqualTo("{\"c\":1,\"n\":1.50,\"s\":\"\\u00e9\"}");
  }
}
