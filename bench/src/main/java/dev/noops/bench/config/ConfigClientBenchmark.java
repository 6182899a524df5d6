package dev.noops.bench.config;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.noops.config.ConfigClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The config-client's read costs against a loopback HTTP server that speaks the config API's GET
 * contract (ETag, If-None-Match → 304):
 *
 * <ul>
 *   <li>{@code cacheHit}: a read of a fresh cached value (the per-invocation cost in a handler);
 *   <li>{@code wallClockRead}: {@code System.currentTimeMillis()} alone, the floor under a cache
 *       hit;
 *   <li>{@code conditionalRefresh}: a read that revalidates every time and gets a 304 (no body);
 *   <li>{@code fullFetch}: a read that fetches every time and gets the whole 1 KiB value.
 * </ul>
 *
 * Run: {@code java -jar bench/target/benchmarks.jar ConfigClientBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConfigClientBenchmark {
  private static final String VALUE = "x".repeat(1024);
  private static final String BODY =
      "{\"key\":\"%s\",\"value\":\""
          + VALUE
          + "\",\"encrypted\":false,"
          + "\"version\":7,\"updatedAt\":\"2026-11-25T10:00:00Z\",\"updatedBy\":\"bench\"}";

  private HttpServer server;
  private ConfigClient cached;
  private ConfigClient revalidating;

  @Setup(Level.Trial)
  public void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/config/", this::answer);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    cached =
        ConfigClient.builder().baseUrl(url).apiKey("bench").maxAge(Duration.ofHours(1)).build();
    cached.get("/bench/cached");
    // a max age below a millisecond: every read is due
    revalidating =
        ConfigClient.builder()
            .baseUrl(url)
            .apiKey("bench")
            .maxAge(Duration.ofNanos(1))
            .timeout(Duration.ofSeconds(5))
            .build();
  }

  @TearDown(Level.Trial)
  public void stop() {
    cached.close();
    revalidating.close();
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public String cacheHit() {
    return cached.get("/bench/cached");
  }

  /** The floor under {@code cacheHit}: the wall-clock read every cache hit makes. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public long wallClockRead() {
    return System.currentTimeMillis();
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public String conditionalRefresh() {
    return revalidating.get("/bench/conditional");
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public String fullFetch() {
    return revalidating.get("/bench/full");
  }

  // /config/bench/conditional honours If-None-Match; /config/bench/full always sends the body
  private void answer(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestURI().getPath().substring("/config".length());
    exchange.getResponseHeaders().set("ETag", "\"7\"");
    boolean honour = key.equals("/bench/conditional") || key.equals("/bench/cached");
    if (honour && "\"7\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
      exchange.sendResponseHeaders(304, -1);
      exchange.close();
      return;
    }
    byte[] body = String.format(BODY, key).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
