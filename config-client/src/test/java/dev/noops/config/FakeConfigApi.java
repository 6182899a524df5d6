package dev.noops.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A scripted config API on MockWebServer that follows the HTTP contract of the issue: GET
 * /config/{key} with ETag and If-None-Match → 304, GET /config?keys= batch, x-api-key checked,
 * errors as {"error","message"}. {@link #override} replaces every answer (500, slow, stalled...). A
 * JUnit 5 extension: {@code @RegisterExtension final FakeConfigApi api = new FakeConfigApi();}
 * stops it after each test.
 */
final class FakeConfigApi implements AutoCloseable, AfterEachCallback {
  static final String API_KEY = "test-api-key-4f1d";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockWebServer server = new MockWebServer();
  private final Map<String, Map<String, Object>> items = new ConcurrentHashMap<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicReference<MockResponse> override = new AtomicReference<>();
  private volatile long delayMillis;

  FakeConfigApi() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            requests.add(request);
            if (delayMillis > 0) {
              Thread.sleep(delayMillis);
            }
            MockResponse scripted = override.get();
            return scripted != null ? scripted : answer(request);
          }
        });
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getPort() + "/";
  }

  ConfigClient.Builder client() {
    // a generous budget: the test machine is shared and slow; tests of the budget set their own
    return ConfigClient.builder()
        .baseUrl(url())
        .apiKey(API_KEY)
        .jitter(0)
        .timeout(Duration.ofSeconds(10));
  }

  /**
   * One request from a throwaway client, so that class loading does not count against a budget
   * under test.
   */
  void warmUp() {
    try (ConfigClient warm = client().build()) {
      warm.find("/warm/up");
    }
    requests.clear();
  }

  /** Stores {@code value} under {@code key} as the next version; returns that version. */
  long put(String key, String value, boolean encrypted) {
    Map<String, Object> previous = items.get(key);
    long version = previous == null ? 1 : ((Number) previous.get("version")).longValue() + 1;
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("key", key);
    item.put("value", value);
    item.put("encrypted", encrypted);
    item.put("version", version);
    item.put("updatedAt", Instant.parse("2026-11-25T10:00:00Z").plusSeconds(version).toString());
    item.put("updatedBy", "arn:aws:iam::123456789012:user/dev");
    items.put(key, item);
    return version;
  }

  long put(String key, String value) {
    return put(key, value, false);
  }

  void delete(String key) {
    items.remove(key);
  }

  /**
   * Every later request gets {@code response} instead of the contract's answer (null: back to
   * normal).
   */
  void override(MockResponse response) {
    override.set(response);
  }

  /** Every later request is answered only after {@code millis}. */
  void delay(long millis) {
    delayMillis = millis;
  }

  List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  int requestCount() {
    return requests.size();
  }

  static MockResponse json(int status, Object body) {
    try {
      return new MockResponse.Builder()
          .code(status)
          .setHeader("Content-Type", "application/json")
          .body(JSON.writeValueAsString(body))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MockResponse error(int status, String code) {
    return json(status, Map.of("error", code, "message", "scripted " + code));
  }

  private MockResponse answer(RecordedRequest request) {
    if (!API_KEY.equals(request.getHeaders().get("x-api-key"))) {
      return error(403, "Forbidden");
    }
    String path = request.getUrl().encodedPath();
    if (path.equals("/config") && request.getUrl().queryParameter("keys") != null) {
      return batch(request.getUrl().queryParameter("keys").split(","));
    }
    if (!path.startsWith("/config/")) {
      return error(404, "NotFound");
    }
    Map<String, Object> item = items.get(path.substring("/config".length()));
    if (item == null) {
      return error(404, "NotFound");
    }
    String etag = "\"" + item.get("version") + "\"";
    if (etag.equals(request.getHeaders().get("If-None-Match"))) {
      return new MockResponse.Builder().code(304).setHeader("ETag", etag).build();
    }
    return new MockResponse.Builder(json(200, item)).setHeader("ETag", etag).build();
  }

  private MockResponse batch(String[] keys) {
    List<Object> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String key : keys) {
      Map<String, Object> item = items.get(key);
      if (item == null) {
        missing.add(key);
      } else {
        found.add(item);
      }
    }
    return json(200, Map.of("items", found, "missing", missing));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    server.close();
  }
}
