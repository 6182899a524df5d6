package dev.noops.testsupport.es7;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class Elasticsearch7NodeTest {

  @Test
  void indexes_a_document_in_elasticsearch_7_10_then_stops_and_cleans_up() throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(10))
            .build();
    Elasticsearch7Node node = Elasticsearch7Node.start();
    Path dir = node.baseDir();
    int port = node.httpUri().getPort();
    try {
      HttpResponse<String> root =
          http.send(
              HttpRequest.newBuilder(node.httpUri()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(root.body()).contains("\"number\" : \"7.10.2\"");

      HttpResponse<String> put =
          http.send(
              HttpRequest.newBuilder(node.httpUri().resolve("/t/_doc/1?refresh=true"))
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString("{\"message\":\"hello\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).isEqualTo(201);
    } finally {
      node.close();
    }
    assertThat(Files.exists(dir)).isFalse();
    assertThat(accepts(port)).isFalse();
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
