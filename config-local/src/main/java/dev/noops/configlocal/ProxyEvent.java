package dev.noops.configlocal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What API Gateway sends a REST proxy integration and reads back: the event JSON for one HTTP
 * request (resource {@code /{proxy+}}), and the proxy response the handler writes. Built from the
 * AWS documentation's event shape, not from config-api's own reader, so a drift between the two
 * fails the local tests.
 */
final class ProxyEvent {
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private ProxyEvent() {}

  /**
   * One request as API Gateway forwards it; {@code apiKeyId} is the identity it reports for the API
   * key.
   */
  record Request(
      String method,
      String path,
      Map<String, List<String>> query,
      Map<String, List<String>> headers,
      String body,
      boolean base64,
      String apiKeyId,
      String requestId) {}

  /** The proxy integration response. */
  record Response(int statusCode, Map<String, String> headers, String body) {}

  static byte[] toJson(Request request) throws IOException {
    boolean root = request.path().equals("/");
    ObjectNode event = JSON.createObjectNode();
    event.put("resource", root ? "/" : "/{proxy+}");
    event.put("path", request.path());
    event.put("httpMethod", request.method());
    multi(event, "headers", "multiValueHeaders", request.headers());
    multi(event, "queryStringParameters", "multiValueQueryStringParameters", request.query());
    ObjectNode pathParameters = event.putObject("pathParameters");
    if (!root) {
      pathParameters.put("proxy", request.path().substring(1));
    }
    ObjectNode context = event.putObject("requestContext");
    context.put("requestId", request.requestId());
    context.put("httpMethod", request.method());
    context.put("resourcePath", root ? "/" : "/{proxy+}");
    context.put("stage", "local");
    ObjectNode identity = context.putObject("identity");
    identity.putNull("userArn");
    identity.put("apiKeyId", request.apiKeyId());
    identity.put("sourceIp", "127.0.0.1");
    event.put("body", request.body());
    event.put("isBase64Encoded", request.base64());
    return JSON.writeValueAsBytes(event);
  }

  static Response readResponse(byte[] json) throws IOException {
    JsonNode node = JSON.readTree(json);
    Map<String, String> headers = new LinkedHashMap<>();
    node.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    JsonNode body = node.get("body");
    return new Response(
        node.path("statusCode").asInt(),
        headers,
        body == null || body.isNull() ? null : body.asText());
  }

  /**
   * The API's error answer ({@code {"error": code, "message": text}}) for what the HTTP layer
   * rejects itself.
   */
  static Response error(int status, String code, String message) {
    ObjectNode body = JSON.createObjectNode().put("error", code).put("message", message);
    return new Response(
        status,
        Map.of("Content-Type", "application/json; charset=utf-8", "Cache-Control", "no-store"),
        body.toString());
  }

  private static void multi(
      ObjectNode event, String single, String multiple, Map<String, List<String>> values) {
    if (values.isEmpty()) {
      event.putNull(single);
      event.putNull(multiple);
      return;
    }
    ObjectNode one = event.putObject(single);
    ObjectNode many = event.putObject(multiple);
    values.forEach(
        (name, list) -> {
          one.put(name, list.get(list.size() - 1));
          list.forEach(many.withArray(name)::add);
        });
  }
}
