package dev.noops.correlation;

import java.io.IOException;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An OkHttp interceptor that sends the current correlation IDs as {@code x-correlation-*}, {@code
 * call-chain-length} and {@code debug-log-enabled} headers, and as W3C {@code baggage}. The W3C
 * {@code traceparent} and {@code tracestate} the invocation received go on as they came. Headers
 * the request already has are left as they are. Needs OkHttp 4 or 5 on the classpath. Past the
 * maximum call chain length it throws {@link CallChainTooLongException} instead of sending.
 *
 * <pre>{@code
 * OkHttpClient http = new OkHttpClient.Builder().addInterceptor(new CorrelationHttpInterceptor()).build();
 * }</pre>
 */
public final class CorrelationHttpInterceptor implements Interceptor {
  /** An interceptor; it holds no state, one can serve every client. */
  public CorrelationHttpInterceptor() {}

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    CorrelationIds ids = Holder.current();
    if (ids.isEmpty()) {
      return chain.proceed(request);
    }
    LoopGuard.check(ids, request.method() + " " + request.url().host());
    Request.Builder builder = request.newBuilder();
    for (Map.Entry<String, String> header : ids.headers().entrySet()) {
      if (request.header(header.getKey()) == null) {
        builder.header(header.getKey(), header.getValue());
      }
    }
    if (request.header(CorrelationIds.BAGGAGE) == null) {
      String baggage = Baggage.forward(ids);
      if (!baggage.isEmpty()) {
        builder.header(CorrelationIds.BAGGAGE, baggage);
      }
    }
    return chain.proceed(builder.build());
  }
}
