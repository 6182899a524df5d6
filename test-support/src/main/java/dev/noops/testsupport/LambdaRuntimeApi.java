package dev.noops.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A scripted AWS Lambda Runtime API ({@code 2018-06-01}) on a free loopback port: the HTTP
 * interface the Lambda service offers a runtime inside an execution environment. Queue events with
 * {@link #invoke}; a runtime (the Runtime Interface Client, see {@link LambdaRuntimeProcess}) takes
 * them from {@code GET /runtime/invocation/next} and answers on {@code POST …/{id}/response} or
 * {@code …/{id}/error}; a failed init posts to {@code /runtime/init/error}. SnapStart's {@code GET
 * /runtime/restore/next} answers at once (the restore is immediate). Every answer is kept with the
 * {@link System#nanoTime} it arrived at, so a caller can time process start to first answer.
 */
public final class LambdaRuntimeApi implements AutoCloseable {
  private static final String PREFIX = "/2018-06-01/runtime/";

  /**
   * What the runtime posted for one invocation (or for init): the kind, the body and when it
   * arrived.
   */
  @SuppressWarnings("ArrayRecordComponent") // what the function sent, never compared or hashed
  public record Answer(
      Kind kind, String requestId, byte[] body, Map<String, List<String>> headers, long nanoTime) {
    /** The body as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The {@code Lambda-Runtime-Function-Error-Type} header of an error, or {@code null}. */
    public String errorType() {
      List<String> values = headers.get("Lambda-runtime-function-error-type");
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** Which endpoint an answer came to. */
  public enum Kind {
    RESPONSE,
    ERROR,
    INIT_ERROR
  }

  @SuppressWarnings("ArrayRecordComponent") // a queued event, never compared or hashed
  private record Event(String requestId, byte[] body, long deadlineMs, String functionArn) {}

  private final HttpServer server;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Answer> initErrors = new CopyOnWriteArrayList<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private volatile String functionArn = "arn:aws:lambda:eu-west-1:123456789012:function:noops-test";

  private LambdaRuntimeApi(HttpServer server) {
    this.server = server;
  }

  /** Starts the API on a free port of 127.0.0.1. */
  public static LambdaRuntimeApi start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      LambdaRuntimeApi api = new LambdaRuntimeApi(server);
      server.createContext("/", api::handle);
      server.setExecutor(
          Executors.newCachedThreadPool(
              runnable -> {
                Thread thread = new Thread(runnable, "lambda-runtime-api");
                thread.setDaemon(true);
                return thread;
              }));
      server.start();
      return api;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The ARN given in {@code Lambda-Runtime-Invoked-Function-Arn} from now on. */
  public LambdaRuntimeApi functionArn(String arn) {
    this.functionArn = Objects.requireNonNull(arn, "arn == null");
    return this;
  }

  /** Queues one event with a deadline {@code timeout} from now; returns its request id. */
  public String invoke(byte[] event, Duration timeout) {
    String requestId = UUID.randomUUID().toString();
    events.add(
        new Event(
            requestId,
            event.clone(),
            System.currentTimeMillis() + timeout.toMillis(),
            functionArn));
    return requestId;
  }

  /** Queues one event with a 60 s deadline. */
  public String invoke(String event) {
    return invoke(event.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
  }

  /** Waits for the runtime's answer to {@code requestId}, failing after {@code timeout}. */
  public Answer await(String requestId, Duration timeout)
      throws InterruptedException, TimeoutException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      Answer answer = answers.get(requestId);
      if (answer != null) {
        return answer;
      }
      if (!initErrors.isEmpty()) {
        return initErrors.get(0);
      }
      Thread.sleep(2);
    }
    throw new TimeoutException("no answer to " + requestId + " within " + timeout);
  }

  /** The init errors the runtime reported, in order. */
  public List<Answer> initErrors() {
    return List.copyOf(initErrors);
  }

  /** Every request the runtime made, as {@code METHOD path}, in order. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      long arrived = System.nanoTime();
      calls.add(method + " " + path);
      if (!path.startsWith(PREFIX)) {
        reply(exchange, 404, "{\"errorMessage\":\"unknown path\"}");
        return;
      }
      String rest = path.substring(PREFIX.length());
      if (method.equals("GET") && rest.equals("invocation/next")) {
        next(exchange);
      } else if (method.equals("GET") && rest.equals("restore/next")) {
        reply(exchange, 200, "");
      } else if (method.equals("POST") && rest.equals("init/error")) {
        initErrors.add(
            new Answer(
                Kind.INIT_ERROR, null, body, Map.copyOf(exchange.getRequestHeaders()), arrived));
        reply(exchange, 202, "{\"status\":\"OK\"}");
      } else if (method.equals("POST") && rest.startsWith("invocation/")) {
        answer(exchange, rest.substring("invocation/".length()), body, arrived);
      } else {
        reply(exchange, 404, "{\"errorMessage\":\"unknown path\"}");
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    Event event;
    try {
      event = events.poll(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      event = null;
    }
    if (event == null) {
      reply(exchange, 500, "{\"errorMessage\":\"no event\"}");
      return;
    }
    exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", event.requestId());
    exchange
        .getResponseHeaders()
        .add("Lambda-Runtime-Deadline-Ms", Long.toString(event.deadlineMs()));
    exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", event.functionArn());
    exchange
        .getResponseHeaders()
        .add(
            "Lambda-Runtime-Trace-Id",
            "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, event.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(event.body());
    }
  }

  private void answer(HttpExchange exchange, String idAndKind, byte[] body, long arrived)
      throws IOException {
    int slash = idAndKind.indexOf('/');
    String requestId = slash < 0 ? idAndKind : idAndKind.substring(0, slash);
    String kind = slash < 0 ? "" : idAndKind.substring(slash + 1);
    if (!kind.equals("response") && !kind.equals("error")) {
      reply(exchange, 404, "{\"errorMessage\":\"unknown path\"}");
      return;
    }
    Answer answer =
        new Answer(
            kind.equals("response") ? Kind.RESPONSE : Kind.ERROR,
            requestId,
            body,
            Map.copyOf(exchange.getRequestHeaders()),
            arrived);
    if (answers.putIfAbsent(requestId, answer) != null) {
      reply(
          exchange,
          400,
          "{\"errorMessage\":\"already answered\",\"errorType\":\"InvalidStateTransition\"}");
      return;
    }
    reply(exchange, 202, "{\"status\":\"OK\"}");
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
