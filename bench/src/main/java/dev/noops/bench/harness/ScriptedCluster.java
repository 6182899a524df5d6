package dev.noops.bench.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * A loopback stand-in for an Elasticsearch/OpenSearch cluster that acknowledges every {@code _bulk}
 * item (201) and every other request ({@code {"acknowledged":true}}), counting the items. It keeps
 * no documents, so its own memory use is not part of what a shipper process is measured for.
 */
final class ScriptedCluster implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(2);
  private final AtomicLong items = new AtomicLong();

  private ScriptedCluster(HttpServer server) {
    this.server = server;
  }

  static ScriptedCluster start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ScriptedCluster cluster = new ScriptedCluster(server);
    server.createContext("/", cluster::answer);
    server.setExecutor(cluster.threads);
    server.start();
    return cluster;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  long items() {
    return items.get();
  }

  private void answer(HttpExchange exchange) throws IOException {
    byte[] answer;
    try (InputStream raw = exchange.getRequestBody()) {
      if (exchange.getRequestURI().getPath().endsWith("/_bulk")) {
        boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        int count = countLines(gzip ? new GZIPInputStream(raw) : raw) / 2;
        items.addAndGet(count);
        answer = acknowledge(count);
      } else {
        raw.transferTo(OutputStream.nullOutputStream());
        answer = "{\"acknowledged\":true}".getBytes(StandardCharsets.UTF_8);
      }
    }
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  private static int countLines(InputStream in) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    int lines = 0;
    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
      for (int i = 0; i < n; i++) {
        if (buffer[i] == '\n') {
          lines++;
        }
      }
    }
    return lines;
  }

  private static byte[] acknowledge(int count) {
    StringBuilder json = new StringBuilder(count * 32 + 40).append("{\"took\":1,\"errors\":false,\"items\":[");
    for (int i = 0; i < count; i++) {
      json.append(i == 0 ? "" : ",").append("{\"index\":{\"status\":201}}");
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
