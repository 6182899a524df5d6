package dev.noops.configlocal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;

/**
 * HTTP/1.1 connections that answer a request stalled in its request line or headers with the API's
 * JSON 408 before closing. Jetty closes such a connection silently at the idle timeout (no request
 * exists yet for its error handler); a stalled body, or a request being handled, is Jetty's own
 * idle-timeout path and reaches the handlers.
 */
final class StalledRequestTimeout extends HttpConnectionFactory {
  private final AccessLog accessLog;

  StalledRequestTimeout(HttpConfiguration configuration, AccessLog accessLog) {
    super(configuration);
    this.accessLog = accessLog;
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    HttpConnection connection =
        new HttpConnection(getHttpConfiguration(), connector, endPoint) {
          @Override
          public boolean onIdleExpired(TimeoutException timeout) {
            if (getHttpChannel().getRequest() != null || getParser().isStart()) {
              return super.onIdleExpired(timeout);
            }
            ProxyEvent.Response answer = JsonErrorHandler.answer(408);
            accessLog.request(null, null, 408, "RequestTimeout", 0);
            getEndPoint().write(Callback.from(getEndPoint()::close), ByteBuffer.wrap(raw(answer)));
            return false;
          }
        };
    return configure(connection, connector, endPoint);
  }

  private static byte[] raw(ProxyEvent.Response answer) {
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder("HTTP/1.1 408 Request Timeout\r\n");
    answer
        .headers()
        .forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
    byte[] start = head.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[start.length + body.length];
    System.arraycopy(start, 0, all, 0, start.length);
    System.arraycopy(body, 0, all, start.length, body.length);
    return all;
  }
}
