package dev.noops.bench.correlation;

import dev.noops.correlation.Correlation;
import dev.noops.correlation.CorrelationHttpInterceptor;
import dev.noops.testsupport.FakeContext;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Forwarding correlation IDs, inside an invocation of an API Gateway REST event with five {@code
 * x-correlation-*} headers:
 *
 * <ul>
 *   <li>{@code httpHeaders}: the header map to forward, inside an invocation with those IDs;
 *   <li>{@code okHttpCallWithInterceptor} vs {@code okHttpCallWithoutInterceptor}: one OkHttp call
 *       answered by a local interceptor (no network), so their difference is what the header
 *       injection adds to a call.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeaderInjectionBenchmark {
  private Map<String, Object> event;
  private FakeContext context;
  private OkHttpClient withInterceptor;
  private OkHttpClient withoutInterceptor;
  private Request request;
  private Correlation.Scope invocation;

  @Setup(Level.Trial)
  public void setUp() {
    event = ApiGatewayEvents.withFiveIds();
    context = FakeContext.of("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
    OkHttpClient base = new OkHttpClient.Builder().build();
    // an application interceptor that answers: the call never reaches the network
    okhttp3.Interceptor answer =
        chain ->
            new Response.Builder()
                .request(chain.request())
                .protocol(Protocol.HTTP_1_1)
                .code(204)
                .message("No Content")
                .build();
    withInterceptor =
        base.newBuilder()
            .addInterceptor(new CorrelationHttpInterceptor())
            .addInterceptor(answer)
            .build();
    withoutInterceptor = base.newBuilder().addInterceptor(answer).build();
    request = new Request.Builder().url("https://orders.example.com/v1/orders/42").build();
    // thread-scoped state: JMH runs this on the benchmark thread, so these IDs are current there
    invocation = Correlation.begin(event, context);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (Correlation.current().isEmpty()) {
      throw new IllegalStateException("the injection benchmarks ran outside the invocation");
    }
    invocation.close();
    withInterceptor.dispatcher().executorService().shutdown();
  }

  @Benchmark
  public Map<String, String> httpHeaders() {
    return Correlation.httpHeaders();
  }

  @Benchmark
  public Response okHttpCallWithInterceptor() {
    return execute(withInterceptor);
  }

  @Benchmark
  public Response okHttpCallWithoutInterceptor() {
    return execute(withoutInterceptor);
  }

  private Response execute(OkHttpClient client) {
    try (Response response = client.newCall(request).execute()) {
      return response;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
