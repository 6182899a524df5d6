package dev.noops.configapi;

import static dev.noops.configapi.ConfigException.Reason.INVALID_JSON;
import static dev.noops.configapi.ConfigException.Reason.INVALID_QUERY;
import static dev.noops.configapi.ConfigException.Reason.INVALID_VALUE;
import static dev.noops.configapi.ConfigException.Reason.INVALID_VERSION;
import static dev.noops.configapi.ConfigException.Reason.TOO_LARGE;
import static dev.noops.configapi.ConfigException.Reason.UNSUPPORTED_MEDIA_TYPE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the parts of a request the API acts on, rejecting anything malformed with the reason. */
final class Requests {
  /**
   * A JSON-escaped 256 KiB value can take six times its size; anything beyond that is not a valid
   * PUT.
   */
  static final int MAX_BODY_BYTES = 6 * ConfigService.MAX_VALUE_BYTES + 1024;

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 100;
  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");
  private static final Pattern PREFIX = Pattern.compile("^/([A-Za-z0-9_.-]+/)*[A-Za-z0-9_.-]*$");
  private static final Set<String> PUT_FIELDS =
      Set.of("value", "encrypted", "encrypt", "rollbackTo");

  private Requests() {}

  static PutRequest putBody(ProxyRequest request) {
    requireJson(request.header("Content-Type"));
    String body = request.body();
    if (body == null || body.isEmpty()) {
      throw new ConfigException(INVALID_JSON, "the body is empty; send {\"value\": \"...\"}");
    }
    byte[] bytes =
        request.base64Encoded() ? decodeBase64Body(body) : body.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new ConfigException(
          TOO_LARGE, "the body is " + bytes.length + " bytes; the limit is " + MAX_BODY_BYTES);
    }
    return fields(parse(bytes));
  }

  static Precondition writePrecondition(ProxyRequest request) {
    String ifMatch = request.header("If-Match");
    String ifNoneMatch = request.header("If-None-Match");
    if (ifMatch != null && ifNoneMatch != null) {
      throw new ConfigException(INVALID_VERSION, "send If-Match or If-None-Match, not both");
    }
    if (ifNoneMatch != null) {
      if (!ifNoneMatch.trim().equals("*")) {
        throw new ConfigException(INVALID_VERSION, "on a write, If-None-Match can only be *");
      }
      return new Precondition.Absent();
    }
    if (ifMatch == null) {
      return new Precondition.None();
    }
    String tag = ifMatch.trim();
    if (tag.equals("*")) {
      return new Precondition.Exists();
    }
    return new Precondition.VersionIs(quotedVersion(tag, "If-Match"));
  }

  /** Whether the GET's If-None-Match names {@code version} (or is *); null header: false. */
  static boolean notModified(ProxyRequest request, long version) {
    String header = request.header("If-None-Match");
    if (header == null) {
      return false;
    }
    if (header.length() > 1024) {
      throw new ConfigException(INVALID_VERSION, "If-None-Match is too long");
    }
    boolean match = false;
    for (String part : header.split(",", -1)) {
      String tag = part.trim();
      if (tag.equals("*")) {
        match = true;
        continue;
      }
      // If-None-Match uses the weak comparison, so W/"3" matches version 3
      long asked = quotedVersion(tag.startsWith("W/") ? tag.substring(2) : tag, "If-None-Match");
      match |= asked == version;
    }
    return match;
  }

  static long version(String raw) {
    if (raw == null || !VERSION.matcher(raw).matches()) {
      throw new ConfigException(
          INVALID_VERSION,
          "version must be a whole number from 1: " + ConfigKey.printable(String.valueOf(raw)));
    }
    return Long.parseLong(raw);
  }

  static int limit(ProxyRequest request) {
    String raw = single(request, "limit");
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    if (!raw.matches("[0-9]{1,3}")
        || Integer.parseInt(raw) < 1
        || Integer.parseInt(raw) > MAX_LIMIT) {
      throw new ConfigException(INVALID_QUERY, "limit must be from 1 to " + MAX_LIMIT);
    }
    return Integer.parseInt(raw);
  }

  static String prefix(String raw) {
    if (raw.length() > ConfigKey.MAX_LENGTH
        || !PREFIX.matcher(raw).matches()
        || raw.contains("/../")
        || raw.contains("/./")) {
      throw new ConfigException(
          INVALID_QUERY,
          "prefix must look like /orders/ or /orders/db: " + ConfigKey.printable(raw));
    }
    return raw;
  }

  static List<ConfigKey> keys(String raw) {
    String[] parts = raw.split(",", -1);
    if (parts.length > ConfigStore.MAX_BATCH) {
      throw new ConfigException(
          INVALID_QUERY,
          "at most " + ConfigStore.MAX_BATCH + " keys per request, got " + parts.length);
    }
    List<ConfigKey> keys = new ArrayList<>();
    for (String part : parts) {
      keys.add(ConfigKey.of(part));
    }
    return keys;
  }

  /** The single value of query parameter {@code name}, or null; repeated → 400. */
  static String single(ProxyRequest request, String name) {
    if (request.queryCount(name) > 1) {
      throw new ConfigException(
          INVALID_QUERY, "query parameter " + name + " appears more than once");
    }
    return request.queryValue(name);
  }

  static void onlyQuery(ProxyRequest request, Set<String> allowed) {
    for (String name : request.query().keySet()) {
      if (!allowed.contains(name)) {
        throw new ConfigException(
            INVALID_QUERY,
            "unknown query parameter "
                + ConfigKey.printable(name)
                + "; this route takes "
                + allowed);
      }
    }
  }

  private static long quotedVersion(String tag, String header) {
    if (tag.length() < 3
        || tag.charAt(0) != '"'
        || tag.charAt(tag.length() - 1) != '"'
        || !VERSION.matcher(tag.substring(1, tag.length() - 1)).matches()) {
      throw new ConfigException(
          INVALID_VERSION, header + " must be a quoted version such as \"3\" or *");
    }
    return Long.parseLong(tag.substring(1, tag.length() - 1));
  }

  private static void requireJson(String contentType) {
    if (contentType == null) {
      throw new ConfigException(UNSUPPORTED_MEDIA_TYPE, "send Content-Type: application/json");
    }
    String[] parts = contentType.toLowerCase(Locale.ROOT).split(";", -1);
    boolean json = parts[0].trim().equals("application/json");
    for (int i = 1; i < parts.length && json; i++) {
      String parameter = parts[i].trim().replace("\"", "");
      json = !parameter.startsWith("charset=") || parameter.equals("charset=utf-8");
    }
    if (!json) {
      throw new ConfigException(
          UNSUPPORTED_MEDIA_TYPE,
          "the body must be application/json in UTF-8, not " + ConfigKey.printable(contentType));
    }
  }

  private static byte[] decodeBase64Body(String body) {
    try {
      return Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(INVALID_JSON, "the event says the body is base64 but it is not");
    }
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      JsonNode node = ProxyEvents.Databind.JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new ConfigException(
            INVALID_JSON, "the body must be a JSON object such as {\"value\": \"...\"}");
      }
      return node;
    } catch (JsonProcessingException e) {
      // the parser's message can quote the body, which may be a secret: say only where it broke
      String where =
          e.getLocation() == null
              ? ""
              : " (line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ")";
      throw new ConfigException(INVALID_JSON, "the body is not valid JSON" + where);
    } catch (java.io.IOException e) {
      throw new ConfigException(INVALID_JSON, "the body is not valid JSON");
    }
  }

  private static PutRequest fields(JsonNode body) {
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      if (!PUT_FIELDS.contains(field.getKey())) {
        throw new ConfigException(
            INVALID_VALUE,
            "unknown field "
                + ConfigKey.printable(field.getKey())
                + "; a PUT takes value, encrypted, encrypt, or rollbackTo alone");
      }
    }
    JsonNode rollbackTo = body.get("rollbackTo");
    if (rollbackTo != null) {
      if (body.size() != 1) {
        throw new ConfigException(
            INVALID_VALUE,
            "rollbackTo takes no value, encrypted or encrypt: it restores a version as it was"
                + " stored");
      }
      if (!rollbackTo.canConvertToLong()
          || !rollbackTo.isIntegralNumber()
          || rollbackTo.longValue() < 1) {
        throw new ConfigException(
            INVALID_VERSION, "rollbackTo must be a version number, 1 or more");
      }
      return new PutRequest(null, false, false, rollbackTo.longValue());
    }
    JsonNode value = body.get("value");
    if (value == null || value.isNull()) {
      throw new ConfigException(INVALID_VALUE, "the body has no value");
    }
    if (!value.isTextual()) {
      throw new ConfigException(
          INVALID_VALUE,
          "value must be a string, not " + value.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    boolean encrypted = flag(body, "encrypted");
    boolean encrypt = flag(body, "encrypt");
    if (encrypted && encrypt) {
      throw new ConfigException(
          INVALID_VALUE,
          "encrypted (ciphertext you made) and encrypt (let the service encrypt) exclude each"
              + " other");
    }
    return new PutRequest(value.textValue(), encrypted, encrypt, null);
  }

  private static boolean flag(JsonNode body, String name) {
    JsonNode flag = body.get(name);
    if (flag == null || flag.isNull()) {
      return false;
    }
    if (!flag.isBoolean()) {
      throw new ConfigException(INVALID_VALUE, name + " must be true or false");
    }
    return flag.booleanValue();
  }
}
