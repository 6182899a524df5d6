package dev.noops.configlocal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The local server's one Jetty handler: {@code /kms} and {@code /kms/…} go to the KMS look-alike,
 * everything else to the config API; writes the answer and, for the API, its access line.
 */
final class LocalRoutes extends Handler.Abstract {
  private final LocalApiExchange api;
  private final LocalKmsEndpoint kms;
  private final AccessLog accessLog;

  LocalRoutes(LocalApiExchange api, LocalKmsEndpoint kms, AccessLog accessLog) {
    this.api = api;
    this.kms = kms;
    this.accessLog = accessLog;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long started = System.nanoTime();
    String path = request.getHttpURI().getPath();
    if ("/kms".equals(path) || (path != null && path.startsWith("/kms/"))) {
      write(kms.answer(request), response, callback);
      return true;
    }
    ProxyEvent.Response answer = api.answer(request);
    // logged before the answer leaves, so a caller that got it finds its line
    accessLog.request(
        request.getMethod(),
        path,
        answer.statusCode(),
        JsonErrorHandler.errorCode(answer),
        (System.nanoTime() - started) / 1_000_000);
    write(answer, response, callback);
    return true;
  }

  static void write(ProxyEvent.Response answer, Response response, Callback callback) {
    response.setStatus(answer.statusCode());
    answer.headers().forEach(response.getHeaders()::put);
    if (answer.body() == null) {
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
      response.write(true, null, callback);
      return;
    }
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }
}
