package dev.noops.configlocal;

import dev.noops.configapi.ConfigApiHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * One HTTP exchange of the local server, doing what API Gateway does in AWS: enforce the API key
 * and its limits (10 KiB of headers), build the REST proxy event, invoke the handler with it, and
 * return the proxy response.
 */
final class LocalApiExchange {
  /** API Gateway REST APIs accept at most 10 KiB of request headers in total. */
  static final int MAX_HEADER_BYTES = 10 * 1024;

  /** The id API Gateway would report for the key; the key itself is never put in an event. */
  static final String API_KEY_ID = "noops-local-api-key";

  /** API Gateway's payload limit; the handler applies its own, smaller one. */
  static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

  private final ConfigApiHandler handler;
  private final byte[] apiKey;
  private final LocalConfigServer.WriteListener onWrite;

  LocalApiExchange(
      ConfigApiHandler handler, String apiKey, LocalConfigServer.WriteListener onWrite) {
    this.handler = handler;
    this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
    this.onWrite = onWrite;
  }

  /** The answer to one request; never throws for anything the caller sent. */
  ProxyEvent.Response answer(Request exchange) throws IOException {
    if (headerBytes(exchange.getHeaders()) > MAX_HEADER_BYTES) {
      return ProxyEvent.error(
          431,
          "RequestHeaderFieldsTooLarge",
          "request headers exceed " + MAX_HEADER_BYTES + " bytes, API Gateway's limit");
    }
    if (!hasApiKey(exchange)) {
      return ProxyEvent.error(403, "Forbidden", "send the API key in the x-api-key header");
    }
    String path = decodePath(exchange.getHttpURI().getPath());
    if (path == null) {
      return ProxyEvent.error(
          400, "BadRequest", "the request path is not valid percent-encoded UTF-8");
    }
    byte[] body;
    try {
      body = Content.Source.asInputStream(exchange).readNBytes(MAX_PAYLOAD_BYTES + 1);
    } catch (IOException stalled) {
      // the idle timeout ended a body that stopped arriving (or the client went away)
      return JsonErrorHandler.answer(408);
    }
    if (body.length > MAX_PAYLOAD_BYTES) {
      return ProxyEvent.error(
          413,
          "PayloadTooLarge",
          "the body exceeds " + MAX_PAYLOAD_BYTES + " bytes, API Gateway's limit");
    }
    ProxyEvent.Request request;
    try {
      request = toProxyRequest(exchange, path, body);
    } catch (IllegalArgumentException badEncoding) {
      return ProxyEvent.error(
          400, "InvalidQuery", "the query string is not valid percent-encoding");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(ProxyEvent.toJson(request)), out, null);
    ProxyEvent.Response response = ProxyEvent.readResponse(out.toByteArray());
    if (!"GET".equals(request.method())) {
      reportWrite(response);
    }
    return response;
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

  private boolean hasApiKey(Request exchange) {
    String sent = exchange.getHeaders().get("x-api-key");
    return sent != null && MessageDigest.isEqual(apiKey, sent.getBytes(StandardCharsets.UTF_8));
  }

  private static ProxyEvent.Request toProxyRequest(Request exchange, String path, byte[] body) {
    if (path.isEmpty()) {
      path = "/";
    }
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (HttpField field : exchange.getHeaders()) {
      if (!field.getName().equalsIgnoreCase("x-api-key")) {
        headers.computeIfAbsent(field.getName(), n -> new ArrayList<>()).add(field.getValue());
      }
    }
    String text = utf8(body);
    return new ProxyEvent.Request(
        exchange.getMethod(),
        path,
        query(exchange.getHttpURI().getQuery()),
        new LinkedHashMap<>(headers),
        body.length == 0 ? null : text != null ? text : Base64.getEncoder().encodeToString(body),
        body.length > 0 && text == null,
        API_KEY_ID,
        UUID.randomUUID().toString());
  }

  /**
   * The path as API Gateway hands it on: percent-decoded, not normalised (a {@code ..} segment
   * reaches the API, which refuses it as a key); null when an escape is broken or the bytes are not
   * UTF-8.
   */
  static String decodePath(String raw) {
    if (raw == null) {
      return "";
    }
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
      int lo = hi < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
      if (lo < 0) {
        return null;
      }
      bytes.write(hi * 16 + lo);
      i += 2;
    }
    return utf8(bytes.toByteArray());
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

  private static int headerBytes(HttpFields headers) {
    int total = 0;
    for (HttpField field : headers) {
      total += field.getName().length() + String.valueOf(field.getValue()).length() + 4;
    }
    return total;
  }
}
