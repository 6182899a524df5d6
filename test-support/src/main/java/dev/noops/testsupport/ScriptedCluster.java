package dev.noops.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.zip.GZIPInputStream;

/**
 * A scripted Elasticsearch/OpenSearch cluster: a WireMock transformer that either stands in front
 * of a real node ({@link #ScriptedCluster(URI)}: requests are forwarded) or answers alone ({@link
 * #acknowledging()}: every {@code _bulk} item is created, every other request is acknowledged,
 * nothing is kept). A script decides per {@code _bulk} item (by id and attempt) to answer 429, 400
 * or 503 instead, and a request with too many items gets 413. Dead letters always pass. It counts
 * what passed.
 *
 * <p>Register it as an extension of a {@link WireMockServer} and stub URLs with {@code
 * aResponse().withTransformers(ScriptedCluster.NAME)} to combine it with WireMock scenarios, or let
 * {@link #listen()} run a server of its own.
 */
public final class ScriptedCluster implements ResponseTransformerV2, AutoCloseable {
  /** The transformer name to use in {@code withTransformers}. */
  public static final String NAME = "scripted-cluster";

  private static final byte[] ACKNOWLEDGED =
      "{\"acknowledged\":true}".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the script makes of one item. */
  public enum Fault {
    NONE,
    BUSY_429,
    MAPPING_400,
    ITEM_503,
    REQUEST_413
  }

  private final URI node;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(java.time.Duration.ofSeconds(10))
          .build();
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
  private final Map<String, Integer> forwarded = new ConcurrentHashMap<>();
  private final List<Integer> requestSizes = new CopyOnWriteArrayList<>();
  private volatile BiFunction<String, Integer, Fault> script = (id, attempt) -> Fault.NONE;
  private volatile int maxItems = Integer.MAX_VALUE;

  private volatile WireMockServer server;

  /** In front of the node at {@code node}. */
  public ScriptedCluster(URI node) {
    this.node = Objects.requireNonNull(node, "node == null");
  }

  private ScriptedCluster() {
    this.node = null;
  }

  /** Without a node: answers every request itself and keeps no documents. */
  public static ScriptedCluster acknowledging() {
    return new ScriptedCluster();
  }

  /**
   * Runs a loopback WireMock server of its own (no request journal, so memory stays flat) that
   * sends every request through this script; see {@link #endpoint()}.
   */
  public synchronized ScriptedCluster listen() {
    if (server != null) {
      throw new IllegalStateException("already started on " + endpoint());
    }
    WireMockServer started =
        new WireMockServer(
            WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .disableRequestJournal()
                .extensions(this));
    started.start();
    started.stubFor(
        WireMock.any(WireMock.anyUrl()).willReturn(WireMock.aResponse().withTransformers(NAME)));
    server = started;
    return this;
  }

  /** Where {@link #listen()} listens. */
  public URI endpoint() {
    if (server == null) {
      throw new IllegalStateException("not started");
    }
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** Stops the server of {@link #listen()}, if any. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  /** Forgets counts and script; no item limit. */
  public void reset() {
    attempts.clear();
    forwarded.clear();
    requestSizes.clear();
    script = (id, attempt) -> Fault.NONE;
    maxItems = Integer.MAX_VALUE;
  }

  /** The fault for an item, given its id and how many times it has been sent (1 for the first). */
  public void script(BiFunction<String, Integer, Fault> script) {
    this.script = script;
  }

  /** Requests with more items than this get 413 (nothing forwarded). */
  public void maxItems(int maxItems) {
    this.maxItems = maxItems;
  }

  /** How many times each id passed the script (reached the node, or was acknowledged). */
  public Map<String, Integer> forwarded() {
    return Collections.unmodifiableMap(forwarded);
  }

  /** The number of items of each {@code _bulk} request, in arrival order. */
  public List<Integer> requestSizes() {
    return List.copyOf(requestSizes);
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public Response transform(Response response, ServeEvent serveEvent) {
    var request = serveEvent.getRequest();
    byte[] body = gunzip(request.getBody());
    String path = URI.create(request.getUrl()).getPath();
    if (!path.endsWith("/_bulk")) {
      if (node == null) {
        return json(response, 200, ACKNOWLEDGED);
      }
      HttpResponse<byte[]> real =
          forward(request.getMethod().getName(), request.getUrl(), body, "application/json");
      return json(response, real.statusCode(), real.body());
    }
    try {
      return json(response, 200, bulk(body));
    } catch (TooLarge e) {
      return json(
          response,
          413,
          "{\"error\":\"Request Entity Too Large\"}".getBytes(StandardCharsets.UTF_8));
    }
  }

  private byte[] bulk(byte[] body) {
    String[] lines = new String(body, StandardCharsets.UTF_8).lines().toArray(String[]::new);
    requestSizes.add(lines.length / 2);
    if (lines.length / 2 > maxItems) {
      throw new TooLarge();
    }
    List<JsonNode> actions = new ArrayList<>();
    List<Fault> faults = new ArrayList<>();
    for (int i = 0; i + 1 < lines.length; i += 2) {
      JsonNode action = read(lines[i]);
      JsonNode target = action.elements().next();
      String id = target.path("_id").asText();
      boolean deadLetter = target.path("_index").asText().contains("-failed-");
      actions.add(action);
      faults.add(deadLetter ? Fault.NONE : script.apply(id, attempts.merge(id, 1, Integer::sum)));
    }
    if (faults.contains(Fault.REQUEST_413)) {
      throw new TooLarge();
    }
    StringBuilder pass = new StringBuilder();
    for (int i = 0; i < actions.size(); i++) {
      if (faults.get(i) == Fault.NONE) {
        pass.append(lines[2 * i]).append('\n').append(lines[2 * i + 1]).append('\n');
        forwarded.merge(actions.get(i).elements().next().path("_id").asText(), 1, Integer::sum);
      }
    }
    List<JsonNode> realItems = new ArrayList<>();
    if (pass.length() > 0 && node != null) {
      HttpResponse<byte[]> real =
          forward(
              "POST",
              "/_bulk",
              pass.toString().getBytes(StandardCharsets.UTF_8),
              "application/x-ndjson");
      read(new String(real.body(), StandardCharsets.UTF_8)).get("items").forEach(realItems::add);
    }
    ObjectNode answer = JSON.createObjectNode().put("took", 1);
    ArrayNode items = JSON.createArrayNode();
    int next = 0;
    for (int i = 0; i < actions.size(); i++) {
      Fault fault = faults.get(i);
      items.add(
          fault != Fault.NONE
              ? injected(actions.get(i), fault)
              : node == null ? created(actions.get(i)) : realItems.get(next++));
    }
    boolean errors = false;
    for (JsonNode item : items) {
      errors |= item.elements().next().path("status").asInt() >= 300;
    }
    answer.put("errors", errors).set("items", items);
    return answer.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode created(JsonNode action) {
    String op = action.fieldNames().next();
    ObjectNode result = JSON.createObjectNode();
    result
        .putObject(op)
        .put("_index", action.get(op).path("_index").asText())
        .put("_id", action.get(op).path("_id").asText())
        .put("result", "created")
        .put("status", 201);
    return result;
  }

  private static JsonNode injected(JsonNode action, Fault fault) {
    String op = action.fieldNames().next();
    ObjectNode result = JSON.createObjectNode();
    ObjectNode item =
        result
            .putObject(op)
            .put("_index", action.get(op).path("_index").asText())
            .put("_id", action.get(op).path("_id").asText());
    switch (fault) {
      case BUSY_429 ->
          item.put("status", 429)
              .putObject("error")
              .put("type", "es_rejected_execution_exception")
              .put("reason", "rejected execution of coordinating operation");
      case MAPPING_400 ->
          item.put("status", 400)
              .putObject("error")
              .put("type", "mapper_parsing_exception")
              .put("reason", "failed to parse field [json.x] of type [long]");
      case ITEM_503 ->
          item.put("status", 503)
              .putObject("error")
              .put("type", "unavailable_shards_exception")
              .put("reason", "primary shard is not active");
      default -> throw new IllegalArgumentException(fault.name());
    }
    return result;
  }

  private HttpResponse<byte[]> forward(String method, String url, byte[] body, String contentType) {
    HttpRequest request =
        HttpRequest.newBuilder(node.resolve(url))
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Response json(Response response, int status, byte[] body) {
    return Response.Builder.like(response)
        .but()
        .status(status)
        .body(body)
        .headers(new HttpHeaders(new HttpHeader("Content-Type", "application/json")))
        .build();
  }

  private static byte[] gunzip(byte[] body) {
    if (body.length < 2 || (body[0] & 0xff) != 0x1f || (body[1] & 0xff) != 0x8b) {
      return body;
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Thrown inside {@link #bulk} to answer 413. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }
}
