package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.noops.testsupport.SilentServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The shipper's HTTP/1.1 transport against a scripted socket server: answers of every framing,
 * kept-alive connections (reused after an error answer, replaced when the cluster closed them), and
 * the faults that must end an exchange in time (a reset in the middle of an answer, a stalled body,
 * a cluster that stops reading the request, an answer too large to hold).
 */
class HttpTransportTest {
  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final byte[] BODY = "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8);

  /** Serves each connection with a script; counts connections and requests. */
  private static final class ScriptedSockets implements AutoCloseable {
    interface Script {
      void serve(ScriptedSockets server, Socket socket, int connection) throws IOException;
    }

    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    ScriptedSockets(Script script) throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try {
                    Socket socket = server.accept();
                    held.add(socket);
                    int index = connections.incrementAndGet();
                    Thread serving =
                        new Thread(
                            () -> {
                              try {
                                script.serve(this, socket, index);
                              } catch (IOException e) {
                                // the client went away
                              }
                            });
                    serving.setDaemon(true);
                    serving.start();
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Reads one request (head and Content-Length body); null when the client closed. */
    String request(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        head.write(b);
        byte[] bytes = head.toByteArray();
        int n = bytes.length;
        if (n >= 4
            && bytes[n - 4] == '\r'
            && bytes[n - 3] == '\n'
            && bytes[n - 2] == '\r'
            && bytes[n - 1] == '\n') {
          String text = head.toString(StandardCharsets.ISO_8859_1);
          int length = 0;
          for (String line : text.split("\r\n", -1)) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
              length = Integer.parseInt(line.substring(15).strip());
            }
          }
          in.readNBytes(length);
          requests.add(text);
          return text;
        }
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  private static HttpTransport transport(URI uri) {
    return new HttpTransport(
        HttpTransport.newClient(Duration.ofSeconds(2)), uri, RequestSigner.NONE);
  }

  private static void answer(Socket socket, String answer) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private static String text(Transport.Response response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  void a_connection_is_kept_alive_across_requests_and_after_an_error_answer() throws IOException {
    String[] answers = {
      "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy",
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nchu\r\n4;x=y\r\nnked\r\n0\r\n\r\n"
    };
    try (ScriptedSockets cluster =
        new ScriptedSockets(
            (server, socket, connection) -> {
              InputStream in = socket.getInputStream();
              for (int i = 0; i < answers.length && server.request(in) != null; i++) {
                answer(socket, answers[i]);
              }
            })) {
      HttpTransport transport = transport(cluster.uri());

      Transport.Response busy =
          transport.send("POST", "/_bulk", BODY, false, Duration.ofSeconds(5));
      Transport.Response ok = transport.send("POST", "/_bulk", BODY, false, Duration.ofSeconds(5));
      Transport.Response chunked =
          transport.send("GET", "/", new byte[0], false, Duration.ofSeconds(5));

      assertThat(busy.status()).isEqualTo(503);
      assertThat(text(busy)).isEqualTo("busy");
      assertThat(ok.status()).isEqualTo(200);
      assertThat(text(chunked)).isEqualTo("chunked");
      assertThat(cluster.connections.get()).isOne();
      assertThat(cluster.requests)
          .hasSize(3)
          .allSatisfy(
              request ->
                  assertThat(request)
                      .contains("Host: 127.0.0.1:" + cluster.uri().getPort() + "\r\n")
                      .contains("Accept-Encoding: gzip\r\n"));
      assertThat(cluster.requests.get(0))
          .startsWith("POST /_bulk HTTP/1.1\r\n")
          .contains("Content-Length: " + BODY.length + "\r\n")
          .contains("Content-Type: application/x-ndjson\r\n");
    }
  }

  @Test
  void a_connection_the_cluster_closed_while_idle_is_replaced_and_the_request_sent_again()
      throws IOException {
    try (ScriptedSockets cluster =
        new ScriptedSockets(
            (server, socket, connection) -> {
              if (server.request(socket.getInputStream()) != null) {
                // keep-alive promised, then the connection is closed (an idle timeout)
                answer(
                    socket,
                    "HTTP/1.1 200 OK\r\nContent-Length: " + 2 + "\r\n\r\n" + connection + "!");
              }
              socket.close();
            })) {
      HttpTransport transport = transport(cluster.uri());

      Transport.Response first =
          transport.send("POST", "/_bulk", BODY, false, Duration.ofSeconds(5));
      Transport.Response second =
          transport.send("POST", "/_bulk", BODY, false, Duration.ofSeconds(5));

      assertThat(text(first)).isEqualTo("1!");
      assertThat(text(second)).isEqualTo("2!");
      assertThat(cluster.connections.get()).isEqualTo(2);
    }
  }

  @Test
  void a_connection_reset_in_the_middle_of_an_answer_fails_the_request_and_the_next_one_reconnects()
      throws IOException {
    try (ScriptedSockets cluster =
        new ScriptedSockets(
            (server, socket, connection) -> {
              InputStream in = socket.getInputStream();
              while (server.request(in) != null) {
                if (connection == 1) {
                  answer(socket, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"errors\"");
                  socket.setSoLinger(true, 0); // a reset, not an orderly close
                  socket.close();
                  return;
                }
                answer(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
              }
            })) {
      HttpTransport transport = transport(cluster.uri());

      assertTimeoutPreemptively(
          BOUND,
          () ->
              assertThatThrownBy(
                      () -> transport.send("POST", "/_bulk", BODY, false, Duration.ofSeconds(30)))
                  .isInstanceOf(IOException.class)
                  .isNotInstanceOf(HttpTimeoutException.class));
      Transport.Response again =
          transport.send("POST", "/_bulk", BODY, false, Duration.ofSeconds(5));

      assertThat(text(again)).isEqualTo("ok");
      assertThat(cluster.connections.get()).isEqualTo(2);
    }
  }

  @Test
  void an_answer_larger_than_the_limit_is_refused_without_reading_it() throws IOException {
    try (ScriptedSockets cluster =
        new ScriptedSockets(
            (server, socket, connection) -> {
              if (server.request(socket.getInputStream()) != null) {
                answer(
                    socket,
                    "HTTP/1.1 200 OK\r\nContent-Length: "
                        + (HttpExchange.MAX_ANSWER + 1L)
                        + "\r\n\r\n{");
              }
            })) {
      HttpTransport transport = transport(cluster.uri());

      assertThatThrownBy(() -> transport.send("POST", "/_bulk", BODY, false, Duration.ofSeconds(5)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("larger than");
    }
  }

  @Test
  void a_gzip_answer_is_decoded() throws IOException {
    byte[] gzipped = Gzip.of("{\"errors\":false}".getBytes(StandardCharsets.UTF_8));
    try (ScriptedSockets cluster =
        new ScriptedSockets(
            (server, socket, connection) -> {
              if (server.request(socket.getInputStream()) != null) {
                answer(
                    socket,
                    "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                        + gzipped.length
                        + "\r\n\r\n");
                socket.getOutputStream().write(gzipped);
              }
            })) {
      Transport.Response response =
          transport(cluster.uri()).send("GET", "/", new byte[0], false, Duration.ofSeconds(5));

      assertThat(text(response)).isEqualTo("{\"errors\":false}");
    }
  }

  @Test
  void a_stalled_answer_body_costs_the_timeout_and_no_more() {
    try (SilentServer cluster = SilentServer.stallingBody()) {
      HttpTransport transport = transport(cluster.uri());
      long started = System.nanoTime();

      assertTimeoutPreemptively(
          BOUND,
          () ->
              assertThatThrownBy(
                      () -> transport.send("POST", "/_bulk", BODY, false, Duration.ofSeconds(1)))
                  .isInstanceOf(HttpTimeoutException.class));

      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }
  }

  @Test
  void a_cluster_that_stops_reading_the_request_costs_the_timeout_and_no_more() throws IOException {
    // never reads: the request fills the socket buffers and the write blocks until the watchdog
    try (ScriptedSockets cluster = new ScriptedSockets((server, socket, connection) -> {})) {
      HttpTransport transport = transport(cluster.uri());
      byte[] large = new byte[64 * 1024 * 1024];

      assertTimeoutPreemptively(
          BOUND,
          () ->
              assertThatThrownBy(
                      () -> transport.send("POST", "/_bulk", large, false, Duration.ofSeconds(1)))
                  .isInstanceOf(HttpTimeoutException.class));
    }
  }

  @Test
  void an_answer_that_is_not_http_is_an_io_failure() throws IOException {
    try (ScriptedSockets cluster =
        new ScriptedSockets(
            (server, socket, connection) -> {
              if (server.request(socket.getInputStream()) != null) {
                answer(socket, "SSH-2.0-OpenSSH\r\n\r\n");
              }
            })) {
      assertThatThrownBy(
              () ->
                  transport(cluster.uri())
                      .send("POST", "/_bulk", BODY, false, Duration.ofSeconds(5)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("not an HTTP/1.x answer");
    }
  }
}
