package dev.noops.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OpenSearchNodeTest {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(java.time.Duration.ofSeconds(10))
          .build();

  @Test
  void indexes_and_counts_a_document_then_stops_and_cleans_up() throws Exception {
    OpenSearchNode node = OpenSearchNode.start();
    Path dir = node.baseDir();
    int port = node.httpUri().getPort();
    try {
      HttpResponse<String> put =
          send(node.httpUri().resolve("/t/_doc/1?refresh=true"), "PUT", "{\"message\":\"hello\"}");
      assertThat(put.statusCode()).isEqualTo(201);

      HttpResponse<String> count = send(node.httpUri().resolve("/t/_count"), "GET", null);
      assertThat(count.body()).contains("\"count\":1");

      HttpResponse<String> root = send(node.httpUri(), "GET", null);
      assertThat(root.body()).contains("\"distribution\" : \"opensearch\"");
    } finally {
      node.close();
    }
    assertThat(Files.exists(dir)).as("data folder deleted").isFalse();
    assertThat(accepts(port)).as("http port released").isFalse();
  }

  private HttpResponse<String> send(URI uri, String method, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).header("Content-Type", "application/json");
    request =
        json == null
            ? request.method(method, HttpRequest.BodyPublishers.noBody())
            : request.method(method, HttpRequest.BodyPublishers.ofString(json));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
