package dev.noops.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChildJvmNodeTest {

  @ParameterizedTest
  @CsvSource({"1, 1.3.13", "2, 2.19.1"})
  void runs_the_older_opensearch_line_in_a_child_jvm_then_stops_and_cleans_up(
      int major, String version) throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(10))
            .build();
    ChildJvmNode node = ChildJvmNode.openSearch(major);
    Path dir = node.baseDir();
    try {
      String root =
          http.send(
                  HttpRequest.newBuilder(node.httpUri())
                      .timeout(java.time.Duration.ofSeconds(60))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(root)
          .contains("\"distribution\" : \"opensearch\"")
          .contains("\"number\" : \"" + version + "\"");
      HttpResponse<String> put =
          http.send(
              HttpRequest.newBuilder(node.httpUri().resolve("/t/_doc/1?refresh=true"))
                  .timeout(java.time.Duration.ofSeconds(60))
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString("{\"message\":\"hello\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).isEqualTo(201);
    } finally {
      node.close();
    }
    assertThat(Files.exists(dir)).isFalse();
  }

  @Test
  void refuses_a_line_it_cannot_run() {
    assertThatThrownBy(() -> ChildJvmNode.openSearch(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(": 3");
  }
}
