package dev.noops.correlation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The correlation IDs of one invocation or one batch record: an immutable, ordered map from ID name
 * to value. Names are lower-case except {@link #AWS_REQUEST_ID}; every value has been sanitised (no
 * control characters, at most 1024 characters) and there are at most {@link #MAX_CUSTOM_IDS} {@code
 * x-correlation-*} IDs.
 */
public final class CorrelationIds {
  /** The ID that follows one user request through every service. */
  public static final String CORRELATION_ID = "x-correlation-id";

  /**
   * The prefix of every forwarded ID a caller (or this service) adds, e.g. {@code
   * x-correlation-user-id}.
   */
  public static final String PREFIX = "x-correlation-";

  /** The Lambda request id of this invocation (never forwarded). */
  public static final String AWS_REQUEST_ID = "awsRequestId";

  /** How many services the request has passed through, this one included. */
  public static final String CALL_CHAIN_LENGTH = "call-chain-length";

  /** {@code "true"} when this request logs at DEBUG in every service it reaches. */
  public static final String DEBUG_LOG_ENABLED = "debug-log-enabled";

  /** The X-Ray trace header, when the invocation has one (captured, not forwarded). */
  public static final String AMZN_TRACE_ID = "x-amzn-trace-id";

  /**
   * The W3C trace context the caller sent (a well-formed {@code traceparent} only), forwarded as it
   * came.
   */
  public static final String TRACEPARENT = "traceparent";

  /**
   * The W3C vendor trace state that came with a well-formed {@code traceparent}, forwarded beside
   * it.
   */
  public static final String TRACESTATE = "tracestate";

  /**
   * The W3C baggage the caller sent: its {@code x-correlation-*} members are read as IDs, and the
   * OkHttp interceptor forwards it with this service's IDs added.
   */
  public static final String BAGGAGE = "baggage";

  /** The one SNS/SQS message attribute that carries every forwarded ID, as a JSON object. */
  public static final String PACKED_ATTRIBUTE = "x-correlation-context";

  /**
   * The member of a JSON payload (Kinesis, EventBridge detail, Lambda invoke) that carries the IDs.
   */
  public static final String CONTEXT_MEMBER = "__context__";

  /** At most this many {@code x-correlation-*} IDs are kept; a caller cannot blow up messages. */
  public static final int MAX_CUSTOM_IDS = 20;

  private static final CorrelationIds EMPTY = new CorrelationIds(Map.of());

  private final Map<String, String> ids;

  /** {@link #headers()}, computed at the first call: a context forwards the same headers often. */
  private volatile Map<String, String> headers;

  private CorrelationIds(Map<String, String> ids) {
    this.ids = ids;
  }

  /** No IDs: what {@link Correlation#current()} returns outside an invocation. */
  public static CorrelationIds empty() {
    return EMPTY;
  }

  /** True when there are no IDs at all. */
  public boolean isEmpty() {
    return ids.isEmpty();
  }

  /** The value of the ID {@code name} (case-insensitive, except {@code awsRequestId}), or null. */
  public String get(String name) {
    Objects.requireNonNull(name, "name == null");
    String value = ids.get(name);
    return value != null ? value : ids.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  /** The {@code x-correlation-id}, or null outside an invocation. */
  public String correlationId() {
    return ids.get(CORRELATION_ID);
  }

  /** The Lambda request id of this invocation, or null outside an invocation. */
  public String awsRequestId() {
    return ids.get(AWS_REQUEST_ID);
  }

  /** The call chain length (1 for the first service), or 0 outside an invocation. */
  public int callChainLength() {
    String value = ids.get(CALL_CHAIN_LENGTH);
    return value == null ? 0 : Integer.parseInt(value);
  }

  /** Whether this invocation (or record) logs at DEBUG. */
  public boolean debugLogEnabled() {
    return "true".equals(ids.get(DEBUG_LOG_ENABLED));
  }

  /** Every ID, in capture order. */
  public Map<String, String> asMap() {
    return ids;
  }

  /**
   * The IDs sent to the next service: every {@code x-correlation-*} ID, {@code call-chain-length},
   * {@code debug-log-enabled}, and the W3C {@code traceparent} and {@code tracestate} when they
   * came in.
   */
  public Map<String, String> forwarded() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> id : ids.entrySet()) {
      if (isForwarded(id.getKey())) {
        out.put(id.getKey(), id.getValue());
      }
    }
    return out;
  }

  /**
   * These IDs plus {@code name} = {@code value}; {@code name} must start with {@code
   * x-correlation-}.
   */
  public CorrelationIds with(String name, String value) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(value, "value == null");
    String clean = Sanitiser.name(name);
    if (clean == null || !clean.startsWith(PREFIX) || clean.length() == PREFIX.length()) {
      throw new IllegalArgumentException(
          "name must be a token starting with x-correlation-: " + name);
    }
    Builder builder = toBuilder();
    if (!builder.put(clean, value)) {
      throw new IllegalArgumentException(
          "value is empty once sanitised, or "
              + MAX_CUSTOM_IDS
              + " x-correlation-* IDs are already set: "
              + name);
    }
    return builder.build();
  }

  /**
   * The forwarded IDs as HTTP headers, values reduced to printable ASCII, empty ones left out;
   * unmodifiable.
   */
  Map<String, String> headers() {
    Map<String, String> known = headers;
    if (known == null) {
      Map<String, String> out = new LinkedHashMap<>();
      for (Map.Entry<String, String> id : ids.entrySet()) {
        if (isForwarded(id.getKey())) {
          String value = Sanitiser.headerValue(id.getValue());
          if (!value.isEmpty()) {
            out.put(id.getKey(), value);
          }
        }
      }
      known = Collections.unmodifiableMap(out);
      headers = known;
    }
    return known;
  }

  static boolean isForwarded(String name) {
    return name.startsWith(PREFIX)
        || name.equals(CALL_CHAIN_LENGTH)
        || name.equals(DEBUG_LOG_ENABLED)
        || name.equals(TRACEPARENT)
        || name.equals(TRACESTATE);
  }

  Builder toBuilder() {
    Builder builder = new Builder();
    builder.ids.putAll(ids);
    for (String name : ids.keySet()) {
      if (name.startsWith(PREFIX)) {
        builder.custom++;
      }
    }
    return builder;
  }

  static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CorrelationIds that && ids.equals(that.ids);
  }

  @Override
  public int hashCode() {
    return ids.hashCode();
  }

  /** The ID names only: values may be user data and this string may end up in a log line. */
  @Override
  public String toString() {
    return "CorrelationIds" + ids.keySet();
  }

  /** Collects sanitised IDs, enforcing the caps; the only way to make a {@link CorrelationIds}. */
  static final class Builder {
    private final Map<String, String> ids = new LinkedHashMap<>();
    private int custom;

    /**
     * Adds (or replaces) an ID; false when the value is empty once sanitised or the cap is reached.
     */
    boolean put(String name, String rawValue) {
      String value = Sanitiser.value(rawValue);
      if (value == null) {
        return false;
      }
      if (name.startsWith(PREFIX) && !ids.containsKey(name)) {
        if (custom >= MAX_CUSTOM_IDS) {
          return false;
        }
        custom++;
      }
      ids.put(name, value);
      return true;
    }

    String get(String name) {
      return ids.get(name);
    }

    /** The IDs; the builder hands its map over and must not be used afterwards. */
    CorrelationIds build() {
      return ids.isEmpty() ? EMPTY : new CorrelationIds(Collections.unmodifiableMap(ids));
    }
  }
}
