package dev.noops.configlocal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests no HTTP client would send, written byte by byte on a raw socket: each gets the API's
 * JSON error with the right status and {@code Content-Type: application/json} (never the HTTP
 * library's HTML page or a silently closed connection), nothing is written, and the server answers
 * the next request normally.
 */
class RawHttpTest {
  private static final String KEY = "/orders/db-url";
  private static final Duration IDLE = Duration.ofSeconds(1);
  private static Dynamo dynamo;
  private static LocalApi api;
  private static int seeded;

  @BeforeAll
  static void start() {
    dynamo = new Dynamo();
    api = new LocalApi(dynamo, IDLE);
    assertThat(api.put(KEY, "{\"value\": \"seed\"}").statusCode()).isEqualTo(201);
    seeded = dynamo.itemCount(api.table);
  }

  @AfterAll
  static void stop() {
    api.close();
    dynamo.close();
  }

  /** One hand-written request and the answer it must get. */
  @SuppressWarnings("ArrayRecordComponent") // a test case's data, never compared or hashed
  record Raw(String name, byte[] bytes, int status, String error) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Raw> requests() {
    String auth = "Host: localhost\r\nx-api-key: " + LocalApi.API_KEY + "\r\n";
    return Stream.of(
        new Raw(
            "raw NUL in the path",
            concat(ascii("GET /config/orders/a"), new byte[] {0}, ascii("b HTTP/1.1\r\n" + auth)),
            400,
            "BadRequest"),
        new Raw(
            "%zz in the path",
            ascii("GET /config/orders/%zz HTTP/1.1\r\n" + auth), 400, "BadRequest"),
        new Raw(
            "truncated % escape at the end of the path",
            ascii("GET /config/orders/a% HTTP/1.1\r\n" + auth), 400, "BadRequest"),
        new Raw(
            "%-escape that is not UTF-8",
            ascii("GET /config/orders/%C3%28 HTTP/1.1\r\n" + auth), 400, "BadRequest"),
        new Raw(
            "%zz in the query",
            ascii("GET /config?prefix=%zz HTTP/1.1\r\n" + auth), 400, "InvalidQuery"),
        new Raw(
            "a space in the path",
            ascii("GET /config/orders/db url HTTP/1.1\r\n" + auth),
            400,
            "BadRequest"),
        new Raw(
            "500 KiB header",
            ascii(
                "GET /config"
                    + KEY
                    + " HTTP/1.1\r\n"
                    + auth
                    + "X-Padding: "
                    + "p".repeat(500 * 1024)
                    + "\r\n"),
            431,
            "RequestHeaderFieldsTooLarge"),
        new Raw(
            "2,000 small headers",
            ascii(
                "GET /config"
                    + KEY
                    + " HTTP/1.1\r\n"
                    + auth
                    + "X-H: 0123456789012345678901234567890123456789\r\n".repeat(2000)),
            431,
            "RequestHeaderFieldsTooLarge"),
        new Raw(
            "request line of 200 KiB",
            ascii("GET /config/" + "k".repeat(200 * 1024) + " HTTP/1.1\r\n" + auth),
            414,
            "UriTooLong"),
        new Raw(
            "a line that is not HTTP", ascii("HELLO THERE\r\n"), 505, "HttpVersionNotSupported"),
        new Raw(
            "binary garbage",
            concat(new byte[] {(byte) 0x16, 3, 1, 0, (byte) 0xA5, 1}, ascii("\r\n\r\n")),
            400,
            "BadRequest"),
        new Raw(
            "HTTP/2.0 on HTTP/1",
            ascii("GET /config HTTP/2.0\r\n" + auth),
            426,
            "HttpVersionNotSupported"),
        new Raw(
            "a header without a colon",
            ascii("GET /config" + KEY + " HTTP/1.1\r\n" + auth + "NoColonHere\r\n"),
            400,
            "BadRequest"),
        new Raw(
            "a body beyond the limit",
            ascii(
                "PUT /config"
                    + KEY
                    + " HTTP/1.1\r\n"
                    + auth
                    + "Content-Type: application/json\r\nContent-Length: "
                    + (LocalApiExchange.MAX_PAYLOAD_BYTES + 10)
                    + "\r\n\r\n"
                    + "x".repeat(LocalApiExchange.MAX_PAYLOAD_BYTES + 10)),
            413,
            "PayloadTooLarge"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void answers_a_json_error_and_keeps_serving(Raw raw) throws Exception {
    byte[] request = raw.bytes();
    if (!raw.name().contains("body") && !endsWithBlankLine(request)) {
      request = concat(request, ascii("Connection: close\r\n\r\n"));
    }

    Answer answer = exchange(request, Duration.ofSeconds(20));

    assertThat(answer.status()).as(answer.text()).isEqualTo(raw.status());
    assertThat(answer.header("content-type")).as(answer.text()).startsWith("application/json");
    JsonNode error = TestJson.JSON.readTree(answer.body());
    if (raw.error() != null) {
      assertThat(error.get("error").asText()).isEqualTo(raw.error());
    } else {
      assertThat(error.get("error").asText()).isNotBlank();
    }
    assertThat(error.get("message").asText())
        .isNotBlank()
        .doesNotContainIgnoringCase("exception")
        .doesNotContainIgnoringCase("jetty")
        .doesNotContain("<");
    assertThat(answer.text()).doesNotContainIgnoringCase("<html");
    assertStillServing();
  }

  @Test
  void http_1_0_is_answered() throws Exception {
    Answer answer =
        exchange(
            ascii("GET /config" + KEY + " HTTP/1.0\r\nx-api-key: " + LocalApi.API_KEY + "\r\n\r\n"),
            Duration.ofSeconds(20));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("content-type")).startsWith("application/json");
    assertThat(TestJson.JSON.readTree(answer.body()).get("value").asText()).isEqualTo("seed");
  }

  @Test
  void http_1_0_without_the_key_gets_the_json_403() throws Exception {
    Answer answer =
        exchange(ascii("GET /config" + KEY + " HTTP/1.0\r\n\r\n"), Duration.ofSeconds(20));

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.header("content-type")).startsWith("application/json");
    assertThat(TestJson.JSON.readTree(answer.body()).get("error").asText()).isEqualTo("Forbidden");
  }

  @Test
  void a_request_stalled_in_its_headers_is_answered_408_and_closed_in_bounded_time()
      throws Exception {
    long started = System.nanoTime();

    Answer answer =
        exchange(
            ascii("GET /config" + KEY + " HTTP/1.1\r\nHost: localhost\r\nx-api-"),
            Duration.ofSeconds(15));

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(took).isLessThan(IDLE.multipliedBy(5));
    assertThat(answer.closed()).as("closed by the server").isTrue();
    assertThat(answer.status()).as(answer.text()).isEqualTo(408);
    assertThat(answer.header("content-type")).startsWith("application/json");
    assertThat(TestJson.JSON.readTree(answer.body()).get("error").asText())
        .isEqualTo("RequestTimeout");
    assertStillServing();
  }

  @Test
  void a_body_that_stops_arriving_is_answered_408_in_bounded_time_and_writes_nothing()
      throws Exception {
    long started = System.nanoTime();

    Answer answer =
        exchange(
            ascii(
                "PUT /config"
                    + KEY
                    + " HTTP/1.1\r\nHost: localhost\r\nx-api-key: "
                    + LocalApi.API_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                    + "{\"value\": \"half"),
            Duration.ofSeconds(15));

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(took).isLessThan(IDLE.multipliedBy(5));
    assertThat(answer.status()).as(answer.text()).isEqualTo(408);
    assertThat(answer.header("content-type")).startsWith("application/json");
    assertThat(TestJson.JSON.readTree(answer.body()).get("error").asText())
        .isEqualTo("RequestTimeout");
    assertStillServing();
  }

  @Test
  void a_silent_connection_is_closed_in_bounded_time() throws Exception {
    long started = System.nanoTime();

    Answer answer = exchange(new byte[0], Duration.ofSeconds(15));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(IDLE.multipliedBy(5));
    assertThat(answer.closed()).isTrue();
    assertStillServing();
  }

  private static void assertStillServing() throws Exception {
    assertThat(dynamo.itemCount(api.table)).as("nothing written").isEqualTo(seeded);
    Answer next =
        exchange(
            ascii(
                "GET /config"
                    + KEY
                    + " HTTP/1.1\r\nHost: localhost\r\nx-api-key: "
                    + LocalApi.API_KEY
                    + "\r\nConnection: close\r\n\r\n"),
            Duration.ofSeconds(20));
    assertThat(next.status()).isEqualTo(200);
    assertThat(TestJson.JSON.readTree(next.body()).get("value").asText()).isEqualTo("seed");
  }

  /** What came back on the socket: status line, headers and body, and whether it was closed. */
  record Answer(String text, boolean closed) {
    int status() {
      String[] first = text.split("\r\n", 2)[0].split(" ", -1);
      return first.length > 1 && first[0].startsWith("HTTP/") ? Integer.parseInt(first[1]) : -1;
    }

    String header(String name) {
      int end = text.indexOf("\r\n\r\n");
      for (String line : text.substring(0, Math.max(0, end)).split("\r\n", -1)) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return "";
    }

    String body() {
      int end = text.indexOf("\r\n\r\n");
      return end < 0 ? "" : text.substring(end + 4);
    }
  }

  /** Writes {@code request} (ignoring a reset once the server answered) and reads to the end. */
  private static Answer exchange(byte[] request, Duration readTimeout) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.server.port())) {
      socket.setSoTimeout((int) readTimeout.toMillis());
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (SocketException answeredEarly) {
        // the server may answer and close before reading a huge request to its end
      }
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      boolean closed;
      try {
        in.transferTo(read);
        closed = true;
      } catch (SocketTimeoutException e) {
        closed = false;
      } catch (SocketException reset) {
        closed = true;
      }
      return new Answer(read.toString(StandardCharsets.UTF_8), closed);
    }
  }

  private static boolean endsWithBlankLine(byte[] bytes) {
    int n = bytes.length;
    return n >= 4
        && bytes[n - 4] == '\r'
        && bytes[n - 3] == '\n'
        && bytes[n - 2] == '\r'
        && bytes[n - 1] == '\n';
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      all.writeBytes(part);
    }
    return all.toByteArray();
  }
}
