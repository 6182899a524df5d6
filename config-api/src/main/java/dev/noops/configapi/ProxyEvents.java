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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads API Gateway REST proxy events and writes proxy responses, as JSON. The local server writes
 * its requests with {@link #toJson} so that they take exactly the path a Lambda invocation takes.
 */
final class ProxyEvents {
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private ProxyEvents() {}

  /** Parses a REST v1 proxy event; a malformed one is an {@link IOException}. */
  static ProxyRequest read(InputStream in) throws IOException {
    JsonNode event = JSON.readTree(in);
    if (event == null || !event.isObject()) {
      throw new IOException("the event is not a JSON object");
    }
    JsonNode context = event.path("requestContext");
    JsonNode identity = context.path("identity");
    return new ProxyRequest(
        text(event, "httpMethod"),
        text(event, "resource"),
        text(event, "path"),
        singleMap(event.get("pathParameters")),
        multiMap(event.get("multiValueQueryStringParameters"), event.get("queryStringParameters")),
        multiMap(event.get("multiValueHeaders"), event.get("headers")),
        text(event, "body"),
        event.path("isBase64Encoded").asBoolean(false),
        new ProxyRequest.Identity(text(identity, "userArn"), text(identity, "apiKeyId")),
        text(context, "requestId"));
  }

  /** The event API Gateway would send for {@code request} (REST v1, {@code /{proxy+}} resource). */
  static byte[] toJson(ProxyRequest request) {
    ObjectNode event = JSON.createObjectNode();
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
      return JSON.writeValueAsBytes(event);
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
    JSON.writeValue(out, json);
  }

  /** Reads back what {@link #write} wrote (the local server's side of the handler). */
  static ProxyResponse readResponse(byte[] json) throws IOException {
    JsonNode node = JSON.readTree(json);
    Map<String, String> headers = new LinkedHashMap<>();
    node.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    return new ProxyResponse(node.path("statusCode").asInt(), headers, text(node, "body"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.isMissingNode() ? null : value.asText();
  }

  private static Map<String, String> singleMap(JsonNode node) throws IOException {
    Map<String, String> map = new HashMap<>();
    if (node == null || node.isNull()) {
      return map;
    }
    if (!node.isObject()) {
      throw new IOException("pathParameters is not an object");
    }
    node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static Map<String, List<String>> multiMap(JsonNode multi, JsonNode single)
      throws IOException {
    Map<String, List<String>> map = new LinkedHashMap<>();
    if (multi != null && multi.isObject()) {
      for (Map.Entry<String, JsonNode> e : multi.properties()) {
        if (!e.getValue().isArray()) {
          throw new IOException("a multi-value map holds a non-array");
        }
        List<String> values = new java.util.ArrayList<>();
        e.getValue().forEach(v -> values.add(v.asText()));
        map.put(e.getKey(), values);
      }
      return map;
    }
    if (single != null && single.isObject()) {
      single.properties().forEach(e -> map.put(e.getKey(), List.of(e.getValue().asText())));
    }
    return map;
  }
}
