package dev.noops.configapi;

import static dev.noops.configapi.ConfigException.Reason.FORBIDDEN;
import static dev.noops.configapi.ConfigException.Reason.INVALID_QUERY;
import static dev.noops.configapi.ConfigException.Reason.METHOD_NOT_ALLOWED;
import static dev.noops.configapi.ConfigException.Reason.NOT_FOUND;

import dev.noops.support.aws.AwsCallException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP edge of the config service: routes a proxy request, calls {@link ConfigService}, and
 * turns the outcome into a proxy response. Logs one line per request: method, route, key, status,
 * error code and duration — never a value.
 */
final class ConfigApi {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigApi.class);
  private static final String CONFIG = "/config";
  private static final String CONFIG_KEY = "/config/";
  private static final String HISTORY_KEY = "/history/";

  private final ConfigService service;

  ConfigApi(ConfigService service) {
    this.service = Objects.requireNonNull(service, "service == null");
  }

  ProxyResponse handle(ProxyRequest request) {
    long started = System.nanoTime();
    Route route = Route.of(routePath(request));
    ProxyResponse response;
    String errorCode = null;
    try {
      response = dispatch(route, request);
    } catch (ConfigException e) {
      errorCode = Responses.code(e.reason());
      response = Responses.error(e, e.reason() == METHOD_NOT_ALLOWED ? route.allowed() : List.of());
      if (e.getCause() != null) {
        logCause(e.getCause());
      }
    } catch (RuntimeException e) {
      errorCode = "InternalError";
      // the class and the frame, not the message: a message could quote a value
      StackTraceElement[] trace = e.getStackTrace();
      LOG.atError()
          .addKeyValue("exception", e.getClass().getName())
          .addKeyValue("at", trace.length == 0 ? "unknown" : trace[0].toString())
          .log("unexpected failure");
      response =
          Responses.error(500, errorCode, "the config API failed unexpectedly; retry", Map.of());
    }
    log(request, route, response.statusCode(), errorCode, started);
    return response;
  }

  // what DynamoDB or KMS said, by error code only: AWS messages can echo request content
  private static void logCause(Throwable cause) {
    String awsCode =
        cause instanceof AwsCallException aws && !aws.errorCode().isEmpty()
            ? aws.errorCode()
            : null;
    LOG.atWarn()
        .addKeyValue("cause", cause.getClass().getName())
        .addKeyValue("awsErrorCode", awsCode)
        .log("dependency failed");
  }

  private static void log(
      ProxyRequest request, Route route, int status, String errorCode, long started) {
    var line =
        LOG.atInfo()
            .addKeyValue("method", ConfigKey.printable(String.valueOf(request.httpMethod())))
            .addKeyValue("route", route.pattern() == null ? "unmatched" : route.pattern());
    if (route.key() != null) {
      line = line.addKeyValue("key", ConfigKey.printable(route.key()));
    }
    if (errorCode != null) {
      line = line.addKeyValue("error", errorCode);
    }
    line.addKeyValue("status", status)
        .addKeyValue("ms", (System.nanoTime() - started) / 1_000_000)
        .addKeyValue("requestId", request.requestId())
        .log("request");
  }

  private ProxyResponse dispatch(Route route, ProxyRequest request) {
    String who = who(request.identity());
    if (route.pattern() == null) {
      throw new ConfigException(
          NOT_FOUND, "no such route; the API serves /config, /config/{key} and /history/{key}");
    }
    if (!route.allowed().contains(request.httpMethod())) {
      throw new ConfigException(
          METHOD_NOT_ALLOWED,
          ConfigKey.printable(String.valueOf(request.httpMethod()))
              + " is not allowed on "
              + route.pattern());
    }
    return switch (route.pattern()) {
      case CONFIG -> listOrBatch(request);
      case HISTORY_KEY + "{key+}" -> history(ConfigKey.of(route.key()), request);
      default ->
          switch (request.httpMethod()) {
            case "PUT" -> put(ConfigKey.of(route.key()), request, who);
            case "DELETE" -> delete(ConfigKey.of(route.key()), request, who);
            default -> get(ConfigKey.of(route.key()), request);
          };
    };
  }

  private ProxyResponse get(ConfigKey key, ProxyRequest request) {
    Requests.onlyQuery(request, Set.of("version"));
    String version = Requests.single(request, "version");
    ConfigEntry entry =
        version == null ? service.get(key) : service.get(key, Requests.version(version));
    if (Requests.notModified(request, entry.version())) {
      return Responses.notModified(entry.version());
    }
    return Responses.entry(200, entry);
  }

  private ProxyResponse put(ConfigKey key, ProxyRequest request, String who) {
    Requests.onlyQuery(request, Set.of());
    Precondition precondition = Requests.writePrecondition(request);
    Written written = service.put(key, Requests.putBody(request), precondition, who);
    return Responses.entry(written.created() ? 201 : 200, written.entry());
  }

  private ProxyResponse delete(ConfigKey key, ProxyRequest request, String who) {
    Requests.onlyQuery(request, Set.of());
    service.delete(key, Requests.writePrecondition(request), who);
    return Responses.noContent();
  }

  private ProxyResponse listOrBatch(ProxyRequest request) {
    Requests.onlyQuery(request, Set.of("prefix", "keys", "limit", "nextToken"));
    String keys = Requests.single(request, "keys");
    String prefix = Requests.single(request, "prefix");
    if (keys != null) {
      if (prefix != null
          || request.queryCount("limit") > 0
          || request.queryCount("nextToken") > 0) {
        throw new ConfigException(
            INVALID_QUERY, "keys is a batch read; it takes no prefix, limit or nextToken");
      }
      return Responses.batch(service.batch(Requests.keys(keys)));
    }
    return Responses.page(
        service.list(
            Requests.prefix(prefix == null ? "/" : prefix),
            Requests.limit(request),
            Requests.single(request, "nextToken")));
  }

  private ProxyResponse history(ConfigKey key, ProxyRequest request) {
    Requests.onlyQuery(request, Set.of("limit", "nextToken"));
    return Responses.history(
        key, service.history(key, Requests.limit(request), Requests.single(request, "nextToken")));
  }

  /** updatedBy: the IAM principal when API Gateway authorised one, else the API key's id. */
  private static String who(ProxyRequest.Identity identity) {
    if (identity.userArn() != null && !identity.userArn().isBlank()) {
      return identity.userArn();
    }
    if (identity.apiKeyId() != null && !identity.apiKeyId().isBlank()) {
      return identity.apiKeyId();
    }
    throw new ConfigException(
        FORBIDDEN, "the request carries neither an IAM identity nor an API key");
  }

  /**
   * The path the API routes on. API Gateway may map the API under a base path, so the resource
   * template with its greedy parameter filled in is preferred to the raw path.
   */
  private static String routePath(ProxyRequest request) {
    String resource = request.resource();
    if (resource != null) {
      String key = request.pathParameters().get("key");
      if (resource.endsWith("/{key+}") && key != null) {
        return resource.replace("{key+}", key);
      }
      String proxy = request.pathParameters().get("proxy");
      if (resource.endsWith("/{proxy+}") && proxy != null) {
        return resource.replace("{proxy+}", proxy);
      }
    }
    return request.path() == null ? "" : request.path();
  }

  /** A matched route: its pattern (null when none matches), the key it names, and its methods. */
  record Route(String pattern, String key, List<String> allowed) {
    static Route of(String path) {
      if (path.equals(CONFIG) || path.equals(CONFIG + "/")) {
        return new Route(CONFIG, null, List.of("GET"));
      }
      if (path.startsWith(CONFIG_KEY)) {
        return new Route(
            CONFIG_KEY + "{key+}",
            path.substring(CONFIG_KEY.length() - 1),
            List.of("GET", "PUT", "DELETE"));
      }
      if (path.startsWith(HISTORY_KEY) && path.length() > HISTORY_KEY.length()) {
        return new Route(
            HISTORY_KEY + "{key+}", path.substring(HISTORY_KEY.length() - 1), List.of("GET"));
      }
      return new Route(null, null, List.of());
    }
  }
}
