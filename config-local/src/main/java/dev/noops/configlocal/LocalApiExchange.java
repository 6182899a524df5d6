package dev.noops.configlocal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.noops.configapi.ConfigApiHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One HTTP exchange of the local server, doing what API Gateway does in AWS: enforce the API key
 * and its limits (10 KiB of headers), build the REST proxy event, invoke the handler with it, and
 * send back the proxy response.
 */
final class LocalApiExchange implements HttpHandler {
  /** API Gateway REST APIs accept at most 10 KiB of request headers in total. */
  static final int MAX_HEADER_BYTES = 10 * 1024;

  /** The id API Gateway would report for the key; the key itself is never put in an event. */
  static final String API_KEY_ID = "noops-local-api-key";

  /** API Gateway's payload limit; the handler applies its own, smaller one. */
  static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

  private static final String STARTED = "noops.started";

  private final ConfigApiHandler handler;
  private final byte[] apiKey;
  private final LocalConfigServer.WriteListener onWrite;
  private final AccessLog accessLog;

  LocalApiExchange(
      ConfigApiHandler handler,
      String apiKey,
      LocalConfigServer.WriteListener onWrite,
      AccessLog accessLog) {
    this.handler = handler;
    this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
    this.onWrite = onWrite;
    this.accessLog = accessLog;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    exchange.setAttribute(STARTED, System.nanoTime());
    try (exchange) {
      if (headerBytes(exchange) > MAX_HEADER_BYTES) {
        send(
            exchange,
            ProxyEvent.error(
                431,
                "RequestHeaderFieldsTooLarge",
                "request headers exceed " + MAX_HEADER_BYTES + " bytes, API Gateway's limit"));
        return;
      }
      if (!hasApiKey(exchange)) {
        send(
            exchange,
            ProxyEvent.error(403, "Forbidden", "send the API key in the x-api-key header"));
        return;
      }
      byte[] body = exchange.getRequestBody().readNBytes(MAX_PAYLOAD_BYTES + 1);
      if (body.length > MAX_PAYLOAD_BYTES) {
        send(
            exchange,
            ProxyEvent.error(
                413,
                "PayloadTooLarge",
                "the body exceeds " + MAX_PAYLOAD_BYTES + " bytes, API Gateway's limit"));
        return;
      }
      ProxyEvent.Request request;
      try {
        request = toProxyRequest(exchange, body);
      } catch (IllegalArgumentException badEncoding) {
        send(
            exchange,
            ProxyEvent.error(
                400, "InvalidQuery", "the query string is not valid percent-encoding"));
        return;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(new ByteArrayInputStream(ProxyEvent.toJson(request)), out, null);
      ProxyEvent.Response response = ProxyEvent.readResponse(out.toByteArray());
      if (!"GET".equals(request.method())) {
        reportWrite(response);
      }
      send(exchange, response);
    }
  }

  // a PUT or a rollback answers the entry it wrote: key and version
  private void reportWrite(ProxyEvent.Response response) throws IOException {
    if ((response.statusCode() == 200 || response.statusCode() == 201) && response.body() != null) {
      com.fasterxml.jackson.databind.JsonNode entry = ProxyEvent.JSON.readTree(response.body());
      if (entry.path("key").isTextual() && entry.path("version").canConvertToLong()) {
        onWrite.written(entry.get("key").asText(), entry.get("version").asLong());
      }
    }
  }

  private boolean hasApiKey(HttpExchange exchange) {
    String sent = exchange.getRequestHeaders().getFirst("x-api-key");
    return sent != null && MessageDigest.isEqual(apiKey, sent.getBytes(StandardCharsets.UTF_8));
  }

  private static ProxyEvent.Request toProxyRequest(HttpExchange exchange, byte[] body) {
    String path = exchange.getRequestURI().getPath();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("x-api-key")) {
                headers.put(name, values);
              }
            });
    String text = utf8(body);
    return new ProxyEvent.Request(
        exchange.getRequestMethod(),
        path,
        query(exchange.getRequestURI().getRawQuery()),
        headers,
        body.length == 0 ? null : text != null ? text : Base64.getEncoder().encodeToString(body),
        body.length > 0 && text == null,
        API_KEY_ID,
        UUID.randomUUID().toString());
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return query;
  }

  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static int headerBytes(HttpExchange exchange) {
    int total = 0;
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      for (String value : header.getValue()) {
        total += header.getKey().length() + value.length() + 4;
      }
    }
    return total;
  }

  private void send(HttpExchange exchange, ProxyEvent.Response response) throws IOException {
    long started = (Long) exchange.getAttribute(STARTED);
    // logged before the answer leaves, so a caller that got it finds its line
    accessLog.request(
        exchange.getRequestMethod(),
        exchange.getRequestURI().getRawPath(),
        response.statusCode(),
        errorCode(response),
        (System.nanoTime() - started) / 1_000_000);
    write(exchange, response);
  }

  private static String errorCode(ProxyEvent.Response response) {
    if (response.statusCode() < 400 || response.body() == null) {
      return null;
    }
    try {
      return ProxyEvent.JSON.readTree(response.body()).path("error").asText(null);
    } catch (IOException e) {
      return null;
    }
  }

  private static void write(HttpExchange exchange, ProxyEvent.Response response)
      throws IOException {
    response.headers().forEach(exchange.getResponseHeaders()::set);
    if (response.body() == null) {
      exchange.sendResponseHeaders(response.statusCode(), -1);
      return;
    }
    byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(response.statusCode(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
