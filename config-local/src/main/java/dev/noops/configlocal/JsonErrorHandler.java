package dev.noops.configlocal;

import java.io.IOException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What the HTTP layer answers for a request it refuses before the API sees it (a malformed request
 * line or header, headers or a URI over the limit, a request stalled past the idle timeout, an
 * unsupported HTTP version): the API's JSON error, never Jetty's HTML page, with a fixed message
 * that names no Java class.
 */
final class JsonErrorHandler extends ErrorHandler {
  private final AccessLog accessLog;

  JsonErrorHandler(AccessLog accessLog) {
    this.accessLog = accessLog;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    ProxyEvent.Response answer = answer(response.getStatus());
    accessLog.request(
        request.getMethod(),
        request.getHttpURI() == null ? null : request.getHttpURI().getPath(),
        answer.statusCode(),
        errorCode(answer),
        0);
    LocalRoutes.write(answer, response, callback);
    return true;
  }

  /** The API's error for an HTTP status the HTTP layer answers with. */
  static ProxyEvent.Response answer(int status) {
    return switch (status) {
      case 408 ->
          ProxyEvent.error(
              408, "RequestTimeout", "the request was not completed in time; send it again");
      case 413 ->
          ProxyEvent.error(
              413,
              "PayloadTooLarge",
              "the body exceeds "
                  + LocalApiExchange.MAX_PAYLOAD_BYTES
                  + " bytes, API Gateway's limit");
      case 414 ->
          ProxyEvent.error(
              414,
              "UriTooLong",
              "the request line exceeds " + LocalConfigServer.MAX_REQUEST_HEAD_BYTES + " bytes");
      case 431 ->
          ProxyEvent.error(
              431,
              "RequestHeaderFieldsTooLarge",
              "request headers exceed "
                  + LocalApiExchange.MAX_HEADER_BYTES
                  + " bytes, API Gateway's limit");
      case 426, 505 ->
          ProxyEvent.error(
              status, "HttpVersionNotSupported", "the config API speaks HTTP/1.0 and HTTP/1.1");
      default ->
          status >= 400 && status < 500
              ? ProxyEvent.error(
                  status,
                  "BadRequest",
                  "the request is not valid HTTP (request line, path or headers)")
              : ProxyEvent.error(500, "InternalError", "the local server failed; see its log");
    };
  }

  /** The {@code error} code of an error answer; null for a success or a body without one. */
  static String errorCode(ProxyEvent.Response response) {
    if (response.statusCode() < 400 || response.body() == null) {
      return null;
    }
    try {
      return ProxyEvent.JSON.readTree(response.body()).path("error").asText(null);
    } catch (IOException e) {
      return null;
    }
  }
}
