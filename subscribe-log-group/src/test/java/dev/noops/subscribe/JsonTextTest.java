package dev.noops.subscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handler's JSON without an ObjectMapper reads and writes what the mapper would. */
class JsonTextTest {

  @Test
  void every_sample_event_reads_as_the_mapper_reads_it() throws Exception {
    List<String> events =
        List.of(
            Harness.resource("eventbridge-cloudtrail-CreateLogGroup.json"),
            Harness.resource("eventbridge-cloudtrail-CreateLogGroup-error.json"),
            Harness.resource("aws-lambda-java-libs__cloudwatch_event.json"),
            Files.readString(Path.of("../events/subscriber-create-log-group.json")),
            SubscriberPriming.SAMPLE,
            "{\"n\":[1,-2,3000000000,12345678901234567890123,1.5e3,true,false,null,{}],\"s\":\"\\u00e9\"}");
    for (String event : events) {
      assertThat(JsonText.read(event)).isEqualTo(Harness.JSON.readTree(event));
      assertThat(JsonText.read(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8))))
          .isEqualTo(Harness.JSON.readTree(event));
    }
  }

  @Test
  void what_is_not_one_json_document_is_refused_and_nothing_is_missing() throws Exception {
    assertThatThrownBy(() -> JsonText.read("{not json")).isInstanceOf(JacksonException.class);
    assertThatThrownBy(() -> JsonText.read("{} {}")).isInstanceOf(JacksonException.class);
    assertThat(JsonText.read("").isMissingNode()).isTrue();
  }

  @Test
  void objects_are_written_as_the_mapper_writes_them() throws Exception {
    String written =
        JsonText.object(
            g -> {
              g.writeStringField("text", "a \"quoted\" é\n");
              g.writeStringField("none", null);
              JsonText.field(g, "int", 3);
              JsonText.field(g, "long", 5_000_000_000L);
              JsonText.field(g, "flag", true);
              JsonText.field(g, "other", Map.of("k", "v"));
            });

    assertThat(Harness.JSON.readTree(written))
        .isEqualTo(
            Harness.JSON
                .createObjectNode()
                .put("text", "a \"quoted\" é\n")
                .putNull("none")
                .put("int", 3)
                .put("long", 5_000_000_000L)
                .put("flag", true)
                .put("other", "{k=v}"));
  }
}
