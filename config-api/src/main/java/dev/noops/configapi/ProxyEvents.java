package dev.noops.configapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads API Gateway REST proxy events and writes proxy responses, as JSON. The local server writes
 * its requests with {@link #toJson} so that they take exactly the path a Lambda invocation takes.
 */
final class ProxyEvents {
  /**
   * The tree model for PUT bodies and the local server's side; a holder class, so that reading an
   * event and writing an answer do not build it.
   */
  static final class Databind {
    static final ObjectMapper JSON =
        JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Databind() {}
  }

  private ProxyEvents() {}

  /**
   * Parses a REST v1 proxy event; a malformed one is an {@link IOException}. Streaming (see {@link
   * JsonText}): the event path of a Lambda invocation does not load Jackson databind.
   */
  static ProxyRequest read(InputStream in) throws IOException {
    if (!(JsonText.read(in) instanceof Map<?, ?> event)) {
      throw new IOException("the event is not a JSON object");
    }
    Map<?, ?> context = object(event.get("requestContext"));
    Map<?, ?> identity = object(context.get("identity"));
    return new ProxyRequest(
        text(event, "httpMethod"),
        text(event, "resource"),
        text(event, "path"),
        singleMap(event.get("pathParameters")),
        multiMap(event.get("multiValueQueryStringParameters"), event.get("queryStringParameters")),
        multiMap(event.get("multiValueHeaders"), event.get("headers")),
        text(event, "body"),
        flag(event.get("isBase64Encoded")),
        new ProxyRequest.Identity(text(identity, "userArn"), text(identity, "apiKeyId")),
        text(context, "requestId"));
  }

  /** The event API Gateway would send for {@code request} (REST v1, {@code /{proxy+}} resource). */
  static byte[] toJson(ProxyRequest request) {
    ObjectNode event = Databind.JSON.createObjectNode();
    event.put("resource", request.resource());
    event.put("path", request.path());
    event.put("httpMethod", request.httpMethod());
    ObjectNode headers = event.putObject("headers");
    ObjectNode multiHeaders = event.putObject("multiValueHeaders");
    request
        .headers()
        .forEach(
            (name, values) -> {
              headers.put(name, values.get(values.size() - 1));
              values.forEach(multiHeaders.withArray(name)::add);
            });
    if (request.query().isEmpty()) {
      event.putNull("queryStringParameters");
      event.putNull("multiValueQueryStringParameters");
    } else {
      ObjectNode query = event.putObject("queryStringParameters");
      ObjectNode multiQuery = event.putObject("multiValueQueryStringParameters");
      request
          .query()
          .forEach(
              (name, values) -> {
                query.put(name, values.get(values.size() - 1));
                values.forEach(multiQuery.withArray(name)::add);
              });
    }
    ObjectNode pathParameters = event.putObject("pathParameters");
    request.pathParameters().forEach(pathParameters::put);
    ObjectNode context = event.putObject("requestContext");
    context.put("requestId", request.requestId());
    context.put("httpMethod", request.httpMethod());
    context.put("resourcePath", request.resource());
    context.put("stage", "local");
    ObjectNode identity = context.putObject("identity");
    identity.put("userArn", request.identity().userArn());
    identity.put("apiKeyId", request.identity().apiKeyId());
    identity.put("sourceIp", "127.0.0.1");
    event.put("body", request.body());
    event.put("isBase64Encoded", request.base64Encoded());
    try {
      return Databind.JSON.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a proxy event", e);
    }
  }

  static void write(ProxyResponse response, OutputStream out) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("statusCode", response.statusCode());
    json.put("headers", response.headers());
    json.put("body", response.body());
    json.put("isBase64Encoded", false);
    JsonText.write(json, out);
  }

  /** Reads back what {@link #write} wrote (the local server's side of the handler). */
  static ProxyResponse readResponse(byte[] json) throws IOException {
    JsonNode node = Databind.JSON.readTree(json);
    Map<String, String> headers = new LinkedHashMap<>();
    node.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    return new ProxyResponse(node.path("statusCode").asInt(), headers, text(node, "body"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.isMissingNode() ? null : value.asText();
  }

  private static Map<?, ?> object(Object value) {
    return value instanceof Map<?, ?> map ? map : Map.of();
  }

  /**
   * A member as text the way the tree model's {@code asText()} gave it; null when absent or null.
   */
  private static String text(Map<?, ?> object, String field) {
    Object value = object.get(field);
    return value == null ? null : scalar(value);
  }

  private static String scalar(Object value) {
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      return "";
    }
    return value == null ? "null" : value.toString();
  }

  private static boolean flag(Object value) {
    return switch (value) {
      case Boolean b -> b;
      case String s -> s.trim().equals("true");
      case Number n -> n.intValue() != 0;
      case null, default -> false;
    };
  }

  private static Map<String, String> singleMap(Object value) throws IOException {
    Map<String, String> map = new HashMap<>();
    if (value == null) {
      return map;
    }
    if (!(value instanceof Map<?, ?> object)) {
      throw new IOException("pathParameters is not an object");
    }
    object.forEach((name, v) -> map.put((String) name, scalar(v)));
    return map;
  }

  private static Map<String, List<String>> multiMap(Object multi, Object single)
      throws IOException {
    Map<String, List<String>> map = new LinkedHashMap<>();
    if (multi instanceof Map<?, ?> object) {
      for (Map.Entry<?, ?> e : object.entrySet()) {
        if (!(e.getValue() instanceof List<?> list)) {
          throw new IOException("a multi-value map holds a non-array");
        }
        List<String> values = new ArrayList<>(list.size());
        list.forEach(v -> values.add(scalar(v)));
        map.put((String) e.getKey(), values);
      }
      return map;
    }
    if (single instanceof Map<?, ?> object) {
      object.forEach((name, v) -> map.put((String) name, List.of(scalar(v))));
    }
    return map;
  }
}
