package dev.noops.configlocal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * A LOCAL-ONLY KMS look-alike: the AWS JSON 1.1 operations {@code TrentService.Encrypt} and {@code
 * TrentService.Decrypt} over a {@link LocalKeyRing}, so that the real SDK {@code KmsClient}
 * (pointed here with {@code AWS_ENDPOINT_URL_KMS}) encrypts and decrypts against {@code noops
 * local}. Only the holder of the local API key may use it (it decrypts every secret): either in
 * {@code x-api-key}, or as the SDK's access key id ({@code AWS_ACCESS_KEY_ID=<API key>}, any secret
 * key), which the SigV4 {@code Authorization} header names. The signature itself is not verified:
 * the key travels on loopback only.
 */
final class LocalKmsEndpoint {
  private static final int MAX_BODY = 64 * 1024;
  private static final int MAX_PLAINTEXT = 4096;
  private static final String JSON_11 = "application/x-amz-json-1.1";

  private static final Pattern SIGV4_ACCESS_KEY =
      Pattern.compile("^AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/");

  private final LocalKeyRing keyRing;
  private final byte[] apiKey;

  LocalKmsEndpoint(LocalKeyRing keyRing, String apiKey) {
    this.keyRing = Objects.requireNonNull(keyRing, "keyRing == null");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey == null").getBytes(StandardCharsets.UTF_8);
  }

  private boolean authorised(Request exchange) {
    String sent = exchange.getHeaders().get("x-api-key");
    if (sent == null) {
      Matcher sigv4 =
          SIGV4_ACCESS_KEY.matcher(String.valueOf(exchange.getHeaders().get("Authorization")));
      sent = sigv4.find() ? sigv4.group(1) : null;
    }
    return sent != null && MessageDigest.isEqual(apiKey, sent.getBytes(StandardCharsets.UTF_8));
  }

  /** The answer to one request. */
  ProxyEvent.Response answer(Request exchange) throws IOException {
    if (!authorised(exchange)) {
      return reply(
          400,
          error(
              "UnrecognizedClientException",
              "the local KMS takes the noops local API key: send it as x-api-key, or as"
                  + " AWS_ACCESS_KEY_ID"));
    }
    if (!"POST".equals(exchange.getMethod())) {
      return reply(405, error("UnsupportedOperationException", "KMS takes POST"));
    }
    String target = String.valueOf(exchange.getHeaders().get("X-Amz-Target"));
    JsonNode body = readBody(Content.Source.asInputStream(exchange));
    if (body == null) {
      return reply(
          400,
          error(
              "SerializationException",
              "the body is not a JSON object of at most " + MAX_BODY + " bytes"));
    }
    return switch (target) {
      case "TrentService.Encrypt" -> encrypt(body);
      case "TrentService.Decrypt" -> decrypt(body);
      default ->
          reply(
              400,
              error("UnknownOperationException", "the local KMS serves Encrypt and Decrypt only"));
    };
  }

  private ProxyEvent.Response encrypt(JsonNode body) throws IOException {
    byte[] plaintext = base64(body, "Plaintext");
    if (plaintext == null || plaintext.length == 0 || plaintext.length > MAX_PLAINTEXT) {
      return reply(
          400,
          error(
              "ValidationException",
              "Plaintext must be base64 of 1 to " + MAX_PLAINTEXT + " bytes"));
    }
    byte[] blob = keyRing.encrypt(context(body), plaintext);
    return reply(
        200,
        Map.of(
            "CiphertextBlob",
            Base64.getEncoder().encodeToString(blob),
            "KeyId",
            LocalKeyRing.KEY_ID,
            "EncryptionAlgorithm",
            "SYMMETRIC_DEFAULT"));
  }

  private ProxyEvent.Response decrypt(JsonNode body) throws IOException {
    byte[] blob = base64(body, "CiphertextBlob");
    if (blob == null) {
      return reply(400, error("ValidationException", "CiphertextBlob must be base64"));
    }
    try {
      byte[] plaintext = keyRing.decrypt(context(body), blob);
      return reply(
          200,
          Map.of(
              "Plaintext",
              Base64.getEncoder().encodeToString(plaintext),
              "KeyId",
              LocalKeyRing.KEY_ID,
              "EncryptionAlgorithm",
              "SYMMETRIC_DEFAULT"));
    } catch (LocalKeyRing.InvalidCiphertextException e) {
      return reply(400, error("InvalidCiphertextException", e.getMessage()));
    }
  }

  private static Map<String, String> context(JsonNode body) {
    Map<String, String> context = new LinkedHashMap<>();
    body.path("EncryptionContext")
        .properties()
        .forEach(e -> context.put(e.getKey(), e.getValue().asText()));
    return context;
  }

  private static byte[] base64(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || !node.isTextual()) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(node.textValue());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static JsonNode readBody(InputStream in) {
    try {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      JsonNode node = bytes.length > MAX_BODY ? null : ProxyEvent.JSON.readTree(bytes);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Map<String, String> error(String type, String message) {
    return Map.of("__type", type, "message", message);
  }

  private static ProxyEvent.Response reply(int status, Map<String, String> body)
      throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", JSON_11);
    if (body.containsKey("__type")) {
      headers.put("x-amzn-ErrorType", body.get("__type"));
    }
    return new ProxyEvent.Response(status, headers, ProxyEvent.JSON.writeValueAsString(body));
  }
}
