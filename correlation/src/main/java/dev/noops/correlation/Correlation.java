package dev.noops.correlation;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Correlation IDs for a Lambda handler: capture them from the event, hold them (here and in the
 * SLF4J MDC) while the handler runs, and forward them to the next service.
 *
 * <pre>{@code
 * public String handleRequest(Map<String, Object> event, Context context) {
 *   return Correlation.handle(event, context, () -> orders.place(event));
 * }
 * }</pre>
 *
 * Every method that forwards IDs (the helpers here and both interceptors) throws {@link
 * CallChainTooLongException} once the request has passed through {@code
 * NOOPS_MAX_CALL_CHAIN_LENGTH} services (default 20, {@code 0} = no limit).
 */
public final class Correlation {
  private static volatile Capture capturer = new Capture(DebugSampler.fromEnvironment());

  private Correlation() {}

  /**
   * Runs {@code handler} with the IDs of {@code event} current, then clears them, also when it
   * throws: a warm container never carries one request's IDs into the next. When it throws, the
   * debug lines a debug buffer appender held for this invocation are written before it propagates;
   * otherwise they are dropped when it returns.
   *
   * @param event the event as the Lambda runtime hands it to a {@code Map<String, Object>} handler,
   *     the typed {@code aws-lambda-java-events} object ({@code APIGatewayProxyRequestEvent},
   *     {@code APIGatewayV2HTTPEvent}, {@code ApplicationLoadBalancerRequestEvent}, {@code
   *     SQSEvent}, {@code SNSEvent}, {@code KinesisEvent}, {@code ScheduledEvent}), or the raw JSON
   *     bytes a stream handler read; any other object (or null) yields IDs from {@code context}
   *     only
   * @param context the Lambda context (its request id becomes {@code awsRequestId})
   */
  public static <T> T handle(Object event, Context context, Supplier<T> handler) {
    Objects.requireNonNull(handler, "handler == null");
    CorrelationIds ids = capture(event, context);
    CorrelationIds previous = Holder.install(ids);
    try {
      return handler.get();
    } catch (RuntimeException | Error e) {
      DebugBuffer.flushAll(ids.awsRequestId());
      throw e;
    } finally {
      Holder.restore(previous);
      end(ids, previous);
    }
  }

  /**
   * Makes the IDs of {@code event} current until the returned scope is closed, for handlers that
   * cannot put their work in a {@link Supplier} (checked exceptions, stream handlers):
   *
   * <pre>{@code
   * try (Correlation.Scope scope = Correlation.begin(event, context)) {
   *   process(input, output);
   * }
   * }</pre>
   *
   * Close it on the thread that opened it; {@link #handle} is the form that cannot be misused.
   */
  public static Scope begin(Object event, Context context) {
    CorrelationIds ids = capture(event, context);
    return new Scope(ids, Holder.install(ids));
  }

  /** The IDs {@link #handle} would make current for {@code event}, without making them current. */
  public static CorrelationIds capture(Object event, Context context) {
    String awsRequestId =
        context != null && context.getAwsRequestId() != null
            ? context.getAwsRequestId()
            : UUID.randomUUID().toString();
    return capturer.capture(event, awsRequestId, traceHeader(context)).invocation();
  }

  /**
   * Calls {@code action} for each record of a batch event (SQS, SNS, Kinesis), with that record's
   * own IDs current while it runs; the invocation's IDs are current again afterwards. Records
   * without IDs get the invocation's {@code awsRequestId} as {@code x-correlation-id}. Call it
   * inside {@link #handle}; outside, the invocation's IDs are captured from {@code event} first.
   */
  public static void forEachRecord(
      Map<String, ?> event, BiConsumer<Map<String, Object>, CorrelationIds> action) {
    Objects.requireNonNull(event, "event == null");
    Objects.requireNonNull(action, "action == null");
    if (!(event.get("Records") instanceof List<?> records)) {
      return;
    }
    CorrelationIds current = Holder.current();
    // outside handle() the records still get what handle() would have given them
    CorrelationIds invocation = current.isEmpty() ? capture(event, null) : current;
    for (Object record : records) {
      Map<String, Object> fields = IncomingIds.asObject(record instanceof Map ? record : null);
      CorrelationIds ids = capturer.forRecord(EventReader.record(record), invocation);
      CorrelationIds previous = Holder.install(ids);
      try {
        action.accept(fields == null ? Map.of() : fields, ids);
      } finally {
        Holder.restore(previous);
      }
    }
  }

  /**
   * Calls {@code action} for each record of a batch, typed ({@code SQSEvent.getRecords()}, {@code
   * SNSEvent.getRecords()}, {@code KinesisEvent.getRecords()}) or as maps, with that record's own
   * IDs current while it runs, as {@link #forEachRecord(Map, BiConsumer)} does.
   */
  public static <R> void forEachRecord(
      List<R> records, BiConsumer<? super R, CorrelationIds> action) {
    Objects.requireNonNull(records, "records == null");
    Objects.requireNonNull(action, "action == null");
    CorrelationIds current = Holder.current();
    CorrelationIds invocation = current.isEmpty() ? capture(null, null) : current;
    for (R record : records) {
      CorrelationIds ids = capturer.forRecord(EventReader.record(record), invocation);
      CorrelationIds previous = Holder.install(ids);
      try {
        action.accept(record, ids);
      } finally {
        Holder.restore(previous);
      }
    }
  }

  /** The IDs current on this thread; {@link CorrelationIds#empty()} outside an invocation. */
  public static CorrelationIds current() {
    return Holder.current();
  }

  /**
   * Adds an ID of this service (e.g. {@code x-correlation-order-id}) to the current context, so it
   * is logged from now on and forwarded to every service called after.
   *
   * @throws IllegalArgumentException if {@code name} does not start with {@code x-correlation-}
   * @throws IllegalStateException outside an invocation, where the ID would never be cleared
   */
  public static void put(String name, String value) {
    CorrelationIds current = Holder.current();
    if (current.isEmpty()) {
      throw new IllegalStateException(
          "no invocation in progress: call put inside Correlation.handle");
    }
    Holder.install(current.with(name, value));
  }

  /** {@code task} run with the IDs current now, whichever thread runs it. */
  public static Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task == null");
    CorrelationIds ids = Holder.current();
    return () -> {
      CorrelationIds previous = Holder.install(ids);
      try {
        task.run();
      } finally {
        Holder.restore(previous);
      }
    };
  }

  /** {@code task} run with the IDs current now, whichever thread runs it. */
  public static <T> Callable<T> wrap(Callable<T> task) {
    Objects.requireNonNull(task, "task == null");
    CorrelationIds ids = Holder.current();
    return () -> {
      CorrelationIds previous = Holder.install(ids);
      try {
        return task.call();
      } finally {
        Holder.restore(previous);
      }
    };
  }

  /** An executor whose tasks run with the IDs current when each was submitted. */
  public static Executor wrap(Executor executor) {
    Objects.requireNonNull(executor, "executor == null");
    return command -> executor.execute(wrap(command));
  }

  /**
   * An executor service (platform or virtual threads) whose tasks run with the IDs current when
   * each was submitted.
   */
  public static ExecutorService wrap(ExecutorService executor) {
    Objects.requireNonNull(executor, "executor == null");
    return new CorrelatingExecutorService(executor);
  }

  /**
   * The forwarded IDs as HTTP headers (printable ASCII values only); empty outside an invocation.
   */
  public static Map<String, String> httpHeaders() {
    CorrelationIds ids = Holder.current();
    if (!ids.isEmpty()) {
      LoopGuard.check(ids, "HTTP headers");
    }
    return new LinkedHashMap<>(ids.headers());
  }

  /**
   * The forwarded IDs as one JSON object: the packed attribute value and the {@code __context__}
   * member.
   */
  public static String packedContext() {
    CorrelationIds ids = Holder.current();
    if (!ids.isEmpty()) {
      LoopGuard.check(ids, "a packed context");
    }
    return JsonWriter.object(ids.forwarded());
  }

  /**
   * The SNS/SQS message attributes to add to a message you send yourself: one String attribute
   * {@code x-correlation-context}; empty outside an invocation.
   */
  public static Map<String, String> messageAttributes() {
    CorrelationIds ids = Holder.current();
    if (ids.isEmpty()) {
      return Map.of();
    }
    LoopGuard.check(ids, "message attributes");
    return Map.of(CorrelationIds.PACKED_ATTRIBUTE, JsonWriter.object(ids.forwarded()));
  }

  /**
   * {@code json} with a {@code __context__} member holding the forwarded IDs, for a Kinesis record,
   * an EventBridge detail or a Lambda payload. Returned unchanged when it is not a JSON object,
   * when it already has a {@code __context__}, or outside an invocation.
   */
  public static String withContext(String json) {
    Objects.requireNonNull(json, "json == null");
    CorrelationIds ids = Holder.current();
    if (!ids.isEmpty()) {
      LoopGuard.check(ids, "a JSON payload");
    }
    return Payloads.withContext(json, ids).json();
  }

  /**
   * A copy of {@code payload} with a {@code __context__} map of the forwarded IDs first (unless it
   * has one).
   */
  public static Map<String, Object> withContext(Map<String, ?> payload) {
    Objects.requireNonNull(payload, "payload == null");
    Map<String, Object> out = new LinkedHashMap<>();
    CorrelationIds ids = Holder.current();
    if (!ids.isEmpty() && !payload.containsKey(CorrelationIds.CONTEXT_MEMBER)) {
      LoopGuard.check(ids, "a payload");
      out.put(CorrelationIds.CONTEXT_MEMBER, ids.forwarded());
    }
    out.putAll(payload);
    return out;
  }

  /** The IDs of one invocation, current until {@link #close()}; see {@link Correlation#begin}. */
  public static final class Scope implements AutoCloseable {
    private final CorrelationIds ids;
    private final CorrelationIds previous;
    private boolean closed;

    private Scope(CorrelationIds ids, CorrelationIds previous) {
      this.ids = ids;
      this.previous = previous;
    }

    /**
     * Clears the IDs (or puts back those current before) and drops the debug lines held for the
     * invocation; closing again does nothing.
     */
    @Override
    public void close() {
      if (!closed) {
        closed = true;
        Holder.restore(previous);
        end(ids, previous);
      }
    }
  }

  /**
   * The invocation of {@code ids} is over unless the one around it (a nested handle) is the same.
   */
  private static void end(CorrelationIds ids, CorrelationIds previous) {
    String awsRequestId = ids.awsRequestId();
    if (previous == null || !awsRequestId.equals(previous.awsRequestId())) {
      DebugBuffer.discardAll(awsRequestId);
    }
  }

  static void useSampler(DebugSampler sampler) {
    capturer = new Capture(sampler);
  }

  private static String traceHeader(Context context) {
    String header = context != null ? context.getXrayTraceId() : null;
    if (header == null) {
      header = System.getProperty("com.amazonaws.xray.traceHeader");
    }
    return header;
  }
}
