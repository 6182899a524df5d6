package dev.noops.config;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The headers users add with {@link ConfigClient.Builder#requestHeader}, each value read per
 * request.
 */
final class ExtraHeaders implements Interceptor {
  static final Set<String> RESERVED =
      Set.of(
          "x-api-key",
          "host",
          "content-length",
          "transfer-encoding",
          "connection",
          "if-none-match",
          "accept-encoding");
  private final Map<String, Supplier<String>> headers;

  ExtraHeaders(Map<String, Supplier<String>> headers) {
    this.headers = Map.copyOf(headers);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request.Builder request = chain.request().newBuilder();
    headers.forEach(
        (name, supplier) -> {
          String value = supplier.get();
          // a value with CR/LF would be header injection: OkHttp refuses it; so does this, by
          // skipping it
          if (value != null
              && !value.isBlank()
              && value.chars().noneMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
            request.header(name, value);
          }
        });
    return chain.proceed(request.build());
  }
}
