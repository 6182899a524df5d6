package dev.noops.configapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * API Gateway REST v1 proxy events for tests, made from the AWS-authored sample
 * (events/aws-lambda-go__apigw-request.json) with method, path, headers, query and body replaced,
 * and the handler's answer as JSON.
 */
final class RestEvents {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode TEMPLATE = load("events/aws-lambda-go__apigw-request.json");

  private final ObjectNode event = TEMPLATE.deepCopy();
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final Map<String, String> query = new LinkedHashMap<>();

  private RestEvents(String method, String path) {
    event.put("httpMethod", method);
    event.put("path", path);
    event.put("resource", "/{proxy+}");
    event.putObject("pathParameters").put("proxy", path.substring(1));
    event.putNull("body");
    ((ObjectNode) event.get("requestContext"))
        .put("httpMethod", method)
        .put("path", "/testStage" + path);
    // keep the sample's CloudFront/X-Forwarded headers but not its JSON content type
    event.withObject("/headers").remove("Content-Type");
    event.withObject("/multiValueHeaders").remove("Content-Type");
  }

  static RestEvents request(String method, String path) {
    return new RestEvents(method, path);
  }

  /** Routes as a REST API with a /config/{key+} resource does: the greedy parameter is "key". */
  RestEvents keyResource(String resourcePrefix, String key) {
    event.put("resource", resourcePrefix + "/{key+}");
    event.putObject("pathParameters").put("key", key.substring(1));
    return this;
  }

  RestEvents header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  RestEvents query(String name, String value) {
    query.put(name, value);
    return this;
  }

  RestEvents json(String body) {
    header("Content-Type", "application/json");
    event.put("body", body);
    return this;
  }

  RestEvents body(String body) {
    event.put("body", body);
    return this;
  }

  RestEvents base64Body(String base64) {
    event.put("body", base64);
    event.put("isBase64Encoded", true);
    return this;
  }

  /** Who API Gateway says called: an IAM user (AWS_IAM route) and/or an API key id. */
  RestEvents identity(String userArn, String apiKeyId) {
    ObjectNode identity = event.withObject("/requestContext/identity");
    identity.put("userArn", userArn);
    identity.put("apiKeyId", apiKeyId);
    return this;
  }

  ObjectNode build() {
    ObjectNode single = event.withObject("/headers");
    ObjectNode multi = event.withObject("/multiValueHeaders");
    headers.forEach(
        (name, value) -> {
          single.put(name, value);
          ArrayNode values = multi.putArray(name);
          values.add(value);
        });
    if (query.isEmpty()) {
      event.putNull("queryStringParameters");
      event.putNull("multiValueQueryStringParameters");
    } else {
      ObjectNode q = event.putObject("queryStringParameters");
      ObjectNode mq = event.putObject("multiValueQueryStringParameters");
      query.forEach(
          (name, value) -> {
            q.put(name, value);
            mq.putArray(name).add(value);
          });
    }
    return event;
  }

  /**
   * The raw response payload, as the Lambda runtime would return it (its size is what Lambda
   * limits).
   */
  byte[] invokeForPayload(ConfigApiHandler handler) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(
          new ByteArrayInputStream(
              build().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          out,
          null);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Invokes the handler as the Lambda runtime would, with this event's JSON. */
  JsonNode invoke(ConfigApiHandler handler) {
    return invoke(handler, build().toString());
  }

  static JsonNode invoke(ConfigApiHandler handler, String eventJson) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(
          new ByteArrayInputStream(eventJson.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          out,
          null);
      return JSON.readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The proxy response's body, parsed. */
  static JsonNode body(JsonNode response) {
    try {
      return JSON.readTree(response.get("body").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resource(String name) {
    try (InputStream in = RestEvents.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode load(String name) {
    try {
      return JSON.readTree(resource(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
