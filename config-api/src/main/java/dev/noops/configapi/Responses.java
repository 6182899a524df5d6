package dev.noops.configapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the API's JSON answers; the only place that turns a {@link ConfigException.Reason} into an
 * HTTP status.
 */
final class Responses {
  private static final Map<String, String> JSON_HEADERS =
      Map.of("Content-Type", "application/json; charset=utf-8", "Cache-Control", "no-store");

  private Responses() {}

  static ProxyResponse entry(int status, ConfigEntry entry) {
    return json(status, etag(entry.version()), item(entry));
  }

  static ProxyResponse notModified(long version) {
    return new ProxyResponse(304, etag(version), null);
  }

  static ProxyResponse noContent() {
    return new ProxyResponse(204, Map.of(), null);
  }

  /** A prefix listing; items beyond Lambda's response limit are left to the next page. */
  static ProxyResponse page(Page<ConfigEntry> page) {
    ResponseBudget budget = ResponseBudget.lambdaResponse();
    budget.take(page.nextToken());
    List<Map<String, Object>> items = new ArrayList<>();
    String next = page.nextToken();
    for (ConfigEntry entry : page.items()) {
      Map<String, Object> item = item(entry);
      if (!budget.take(item) && !items.isEmpty()) {
        next = PageToken.ofKey((String) items.get(items.size() - 1).get("key"));
        break;
      }
      items.add(item);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put("nextToken", next);
    return json(200, Map.of(), body);
  }

  /**
   * A batch read; keys that exist but do not fit in Lambda's response limit are listed in {@code
   * remaining} (in the order asked) for a second call, so no answer is ever refused for its size.
   */
  static ProxyResponse batch(BatchResult result) {
    ResponseBudget budget = ResponseBudget.lambdaResponse();
    budget.take(result.missing());
    budget.take(result.items().stream().map(ConfigEntry::key).toList());
    List<Map<String, Object>> items = new ArrayList<>();
    List<String> remaining = new ArrayList<>();
    for (ConfigEntry entry : result.items()) {
      Map<String, Object> item = item(entry);
      if (remaining.isEmpty() && (budget.take(item) || items.isEmpty())) {
        items.add(item);
      } else {
        remaining.add(entry.key());
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put("missing", result.missing());
    body.put("remaining", remaining);
    return json(200, Map.of(), body);
  }

  /** A page of versions; versions beyond Lambda's response limit are left to the next page. */
  static ProxyResponse history(ConfigKey key, Page<ConfigEntry> page) {
    ResponseBudget budget = ResponseBudget.lambdaResponse();
    budget.take(key.path());
    budget.take(page.nextToken());
    List<Map<String, Object>> versions = new ArrayList<>();
    String next = page.nextToken();
    for (ConfigEntry entry : page.items()) {
      Map<String, Object> version = version(entry);
      if (!budget.take(version) && !versions.isEmpty()) {
        next = PageToken.ofVersion((Long) versions.get(versions.size() - 1).get("version"));
        break;
      }
      versions.add(version);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("key", key.path());
    body.put("versions", versions);
    body.put("nextToken", next);
    return json(200, Map.of(), body);
  }

  static ProxyResponse error(ConfigException e, List<String> allow) {
    Map<String, String> headers =
        allow.isEmpty() ? Map.of() : Map.of("Allow", String.join(", ", allow));
    return error(status(e.reason()), code(e.reason()), e.getMessage(), headers);
  }

  static ProxyResponse error(int status, String code, String message, Map<String, String> headers) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", code);
    body.put("message", message);
    return json(status, headers, body);
  }

  static int status(ConfigException.Reason reason) {
    return switch (reason) {
      case INVALID_JSON, INVALID_KEY, INVALID_VALUE, INVALID_VERSION, INVALID_QUERY -> 400;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case METHOD_NOT_ALLOWED -> 405;
      case CONFLICT -> 409;
      case PRECONDITION_FAILED -> 412;
      case TOO_LARGE -> 413;
      case UNSUPPORTED_MEDIA_TYPE -> 415;
      case UNAVAILABLE -> 503;
    };
  }

  static String code(ConfigException.Reason reason) {
    return switch (reason) {
      case INVALID_JSON -> "InvalidJson";
      case INVALID_KEY -> "InvalidKey";
      case INVALID_VALUE -> "InvalidValue";
      case INVALID_VERSION -> "InvalidVersion";
      case INVALID_QUERY -> "InvalidQuery";
      case FORBIDDEN -> "Forbidden";
      case NOT_FOUND -> "NotFound";
      case METHOD_NOT_ALLOWED -> "MethodNotAllowed";
      case CONFLICT -> "Conflict";
      case PRECONDITION_FAILED -> "PreconditionFailed";
      case TOO_LARGE -> "PayloadTooLarge";
      case UNSUPPORTED_MEDIA_TYPE -> "UnsupportedMediaType";
      case UNAVAILABLE -> "ServiceUnavailable";
    };
  }

  private static Map<String, Object> item(ConfigEntry entry) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("key", entry.key());
    item.put("value", entry.value());
    item.put("encrypted", entry.encrypted());
    item.put("version", entry.version());
    item.put("updatedAt", entry.updatedAt().toString());
    item.put("updatedBy", entry.updatedBy());
    if (entry.rollbackOf() != null) {
      item.put("rollbackOf", entry.rollbackOf());
    }
    return item;
  }

  private static Map<String, Object> version(ConfigEntry entry) {
    Map<String, Object> version = new LinkedHashMap<>();
    version.put("version", entry.version());
    version.put("value", entry.value());
    version.put("encrypted", entry.encrypted());
    version.put("deleted", entry.deleted());
    version.put("updatedAt", entry.updatedAt().toString());
    version.put("updatedBy", entry.updatedBy());
    if (entry.rollbackOf() != null) {
      version.put("rollbackOf", entry.rollbackOf());
    }
    return version;
  }

  private static Map<String, String> etag(long version) {
    return Map.of("ETag", "\"" + version + "\"");
  }

  private static ProxyResponse json(int status, Map<String, String> extra, Object body) {
    Map<String, String> headers = new LinkedHashMap<>(JSON_HEADERS);
    headers.putAll(extra);
    return new ProxyResponse(status, headers, JsonText.write(body));
  }
}
