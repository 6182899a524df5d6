package dev.noops.support.aws;

import dev.noops.support.Backoff;
import dev.noops.support.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * Signed calls to one AWS service over its JSON protocols: {@code awsJson1_0}/{@code awsJson1_1}
 * ({@link #call}: DynamoDB, KMS, CloudWatch Logs) and REST-JSON ({@link #send}: Lambda's Invoke).
 * The functions use it instead of the SDK's service clients, whose construction alone costs a cold
 * start several hundred milliseconds (bench {@code ColdStartParts}); bodies are built and read by
 * the caller.
 *
 * <p>Each attempt gets the time left on the call's {@link Deadline}, capped at the attempt timeout;
 * a watchdog closes a connection whose answer does not arrive in that time, stalled body included.
 * Throttling, 5xx answers and failed connections are retried with the shared {@link Backoff} while
 * attempts and time remain; anything else throws {@link AwsCallException} at once.
 */
public final class AwsJsonClient {
  private static final int DEFAULT_MAX_ANSWER_BYTES = 32 << 20;
  private static final Set<String> THROTTLING =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "ThrottledException",
          "RequestThrottledException",
          "TooManyRequestsException",
          "ProvisionedThroughputExceededException",
          "TransactionInProgressException",
          "RequestLimitExceeded",
          "BandwidthLimitExceeded",
          "LimitExceededException",
          "RequestThrottled",
          "SlowDown",
          "PriorRequestNotComplete",
          "EC2ThrottledException",
          "RequestTimeout",
          "RequestTimeoutException",
          "IDPCommunicationError");

  private final String signingName;
  private final URI endpoint;
  private final String region;
  private final Supplier<AwsCredentials> credentials;
  private final String contentType;
  private final String targetPrefix;
  private final int maxAttempts;
  private final int maxAnswerBytes;
  private final Duration attemptTimeout;
  private final Backoff backoff;
  private final Clock clock;

  private AwsJsonClient(Builder builder) {
    this.signingName = Objects.requireNonNull(builder.signingName, "signingName == null");
    this.endpoint = Objects.requireNonNull(builder.endpoint, "endpoint == null");
    this.region = Objects.requireNonNull(builder.region, "region == null");
    this.credentials = Objects.requireNonNull(builder.credentials, "credentials == null");
    this.contentType = "application/x-amz-json-" + builder.jsonVersion;
    this.targetPrefix = builder.targetPrefix;
    this.maxAttempts = builder.maxAttempts;
    this.maxAnswerBytes = builder.maxAnswerBytes;
    this.attemptTimeout = builder.attemptTimeout;
    this.backoff = builder.backoff;
    this.clock = builder.clock;
  }

  /** A builder; service, endpoint, region and credentials are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder of the client a function uses for the service {@code signingName} (e.g. {@code
   * dynamodb}, which is also its IAM prefix and the first label of its regional host name): the
   * region and the service's endpoint as {@code endpoints} resolve them ({@code serviceId} is the
   * service's SDK ID as the endpoint variables spell it, e.g. {@code CloudWatch Logs}), and {@code
   * credentials}. The caller adds the protocol, attempts and timeouts.
   */
  public static Builder forService(
      String signingName,
      String serviceId,
      AwsEndpoints endpoints,
      Supplier<AwsCredentials> credentials) {
    String region = endpoints.region();
    return forService(
        signingName, endpoints.endpoint(serviceId, signingName, region), region, credentials);
  }

  /**
   * A builder of a client of the service {@code signingName} at {@code endpoint}, signing for
   * {@code region} with {@code credentials}.
   */
  public static Builder forService(
      String signingName, URI endpoint, String region, Supplier<AwsCredentials> credentials) {
    return builder()
        .signingName(signingName)
        .endpoint(endpoint)
        .region(region)
        .credentials(credentials);
  }

  /** The endpoint the calls go to. */
  public URI endpoint() {
    return endpoint;
  }

  /** The region the calls are signed for. */
  public String region() {
    return region;
  }

  /**
   * One {@code awsJson} operation, e.g. {@code call("GetItem", body, deadline)}: POST {@code /}
   * with {@code X-Amz-Target: <prefix>.<operation>}. Returns the answer's body.
   *
   * @throws AwsCallException when the service refuses the call, or answers with errors until the
   *     attempts or the deadline run out
   */
  public byte[] call(String operation, byte[] body, Deadline deadline) {
    if (targetPrefix == null) {
      throw new IllegalStateException("this client has no target prefix; use send()");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    headers.put("X-Amz-Target", targetPrefix + "." + operation);
    return send("POST", "/", headers, body, deadline).body();
  }

  /**
   * One REST-JSON request, e.g. Lambda's {@code POST /2015-03-31/functions/NAME/invocations};
   * {@code pathAndQuery} is already percent-encoded. Returns a 2xx answer.
   *
   * @throws AwsCallException when the service refuses the call, or answers with errors until the
   *     attempts or the deadline run out
   */
  public Response send(
      String method,
      String pathAndQuery,
      Map<String, String> headers,
      byte[] body,
      Deadline deadline) {
    URI uri = endpoint.resolve(pathAndQuery);
    int attempt = 1;
    while (true) {
      Duration left = deadline.remaining();
      if (left.isZero()) {
        throw AwsCallException.unanswered(
            signingName + " call not made: the invocation's time is up", true, null);
      }
      Duration timeout = left.compareTo(attemptTimeout) < 0 ? left : attemptTimeout;
      try {
        return attempt(method, uri, headers, body, timeout);
      } catch (AwsCallException e) {
        if (!e.retryable() || attempt >= maxAttempts || !pause(attempt, deadline)) {
          throw e;
        }
        attempt++;
      }
    }
  }

  private boolean pause(int attempt, Deadline deadline) {
    if (deadline.unbounded()) {
      try {
        backoff.pause(attempt);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    try {
      return backoff.pauseBefore(attempt, backoff.nanoTime() + deadline.remaining().toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private Response attempt(
      String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
    Map<String, String> signed =
        SigV4.sign(
            method,
            uri,
            headers,
            body,
            credentials.get(),
            region,
            signingName,
            clock.instant(),
            false);
    HttpURLConnection connection;
    try {
      connection = (HttpURLConnection) uri.toURL().openConnection();
    } catch (IOException | IllegalArgumentException e) {
      throw AwsCallException.unanswered(
          signingName + " endpoint " + endpoint + " cannot be opened: " + e.getMessage(), false, e);
    }
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    connection.setConnectTimeout(millis);
    connection.setReadTimeout(millis);
    connection.setUseCaches(false);
    connection.setInstanceFollowRedirects(false);
    ScheduledFuture<?> watchdog = Watchdog.closeAfter(connection, millis);
    try {
      connection.setRequestMethod(method);
      headers.forEach(connection::setRequestProperty);
      signed.forEach(connection::setRequestProperty);
      if (body.length > 0 || !"GET".equals(method)) {
        connection.setDoOutput(true);
        // buffered, not streamed: headers and body leave in one write. Streamed, they leave in two,
        // and the second waits (Nagle) for the server's delayed ACK of the first: ~2.5 ms a call to
        // the local DynamoDB emulator, 0.6 ms buffered. The JDK may then resend a POST once on a
        // pooled connection that turns out closed, as this client's own retries may anyway.
        try (OutputStream out = connection.getOutputStream()) {
          out.write(body);
        }
      }
      int status = connection.getResponseCode();
      byte[] answer =
          readAll(status >= 400 ? connection.getErrorStream() : connection.getInputStream());
      String requestId = firstNonNull(connection.getHeaderField("x-amzn-RequestId"), "");
      if (status >= 200 && status < 300) {
        checkCrc32(connection.getHeaderField("x-amz-crc32"), answer, requestId);
        return new Response(status, answer, connection.getHeaderField("X-Amz-Function-Error"));
      }
      throw failure(status, connection.getHeaderField("x-amzn-ErrorType"), answer, requestId);
    } catch (AnswerTooLarge e) {
      // the same call would get the same answer: not worth another attempt
      throw AwsCallException.unanswered(signingName + " call failed: " + e.getMessage(), false, e);
    } catch (IOException e) {
      boolean timedOut = watchdog.isDone() || e instanceof InterruptedIOException;
      throw AwsCallException.unanswered(
          signingName
              + (timedOut
                  ? " did not answer within " + millis + " ms"
                  : " call failed: " + e.getMessage()),
          true,
          e);
    } finally {
      watchdog.cancel(false);
    }
  }

  private void checkCrc32(String expected, byte[] answer, String requestId) {
    if (expected == null) {
      return;
    }
    CRC32 crc = new CRC32();
    crc.update(answer);
    if (!Long.toString(crc.getValue()).equals(expected.strip())) {
      throw new AwsCallException(
          signingName + " answer damaged in transit (CRC32 mismatch)",
          200,
          "",
          requestId,
          true,
          null,
          new byte[0]);
    }
  }

  private AwsCallException failure(
      int status, String errorTypeHeader, byte[] answer, String requestId) {
    ErrorAnswer error = ErrorAnswer.read(answer);
    String code = error.code();
    String message = error.message();
    if (code.isEmpty() && errorTypeHeader != null) {
      code = errorTypeHeader;
    }
    code = errorCode(code);
    boolean retryable = status >= 500 || status == 429 || THROTTLING.contains(code);
    String text =
        signingName
            + " answered "
            + status
            + (code.isEmpty() ? "" : " " + code)
            + (message.isEmpty() ? "" : ": " + message)
            + (requestId.isEmpty() ? "" : " (request " + requestId + ")");
    return new AwsCallException(text, status, code, requestId, retryable, null, answer);
  }

  /**
   * {@code com.amazonaws.dynamodb.v20120810#ResourceNotFoundException} → the part after {@code #}.
   */
  static String errorCode(String raw) {
    String code = raw;
    int colon = code.indexOf(':');
    if (colon >= 0) {
      code = code.substring(0, colon);
    }
    int hash = code.lastIndexOf('#');
    if (hash >= 0) {
      code = code.substring(hash + 1);
    }
    return code.strip();
  }

  private byte[] readAll(InputStream in) throws IOException {
    if (in == null) {
      return new byte[0];
    }
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (out.size() + n > maxAnswerBytes) {
          throw new AnswerTooLarge(maxAnswerBytes);
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static String firstNonNull(String value, String fallback) {
    return value == null ? fallback : value;
  }

  /**
   * A 2xx answer.
   *
   * @param status the HTTP status
   * @param body the body
   * @param functionError Lambda's {@code X-Amz-Function-Error} header, or {@code null}
   */
  @SuppressWarnings("ArrayRecordComponent") // an answer body, read once and never compared
  public record Response(int status, byte[] body, String functionError) {}

  /** An answer over the client's limit. */
  private static final class AnswerTooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    AnswerTooLarge(int limit) {
      super("answer larger than " + limit + " bytes");
    }
  }

  /** Closes connections whose answer is late; one daemon thread, started on first use. */
  private static final class Watchdog {
    private static final ScheduledExecutorService TIMER = timer();

    // a cancelled watchdog leaves the queue at once: a busy client cancels one per call
    private static ScheduledExecutorService timer() {
      ScheduledThreadPoolExecutor timer =
          new ScheduledThreadPoolExecutor(
              1,
              runnable -> {
                Thread thread = new Thread(runnable, "noops-aws-call-watchdog");
                thread.setDaemon(true);
                return thread;
              });
      timer.setRemoveOnCancelPolicy(true);
      return timer;
    }

    static ScheduledFuture<?> closeAfter(HttpURLConnection connection, int millis) {
      return TIMER.schedule(connection::disconnect, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** Configures an {@link AwsJsonClient}. */
  public static final class Builder {
    private String signingName;
    private URI endpoint;
    private String region;
    private Supplier<AwsCredentials> credentials;
    private String jsonVersion = "1.1";
    private String targetPrefix;
    private int maxAttempts = 3;
    private int maxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES;
    private Duration attemptTimeout = Duration.ofSeconds(10);
    private Backoff backoff = Backoff.builder().build();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The service's signing name, e.g. {@code dynamodb}, {@code kms}, {@code logs}, {@code lambda}.
     */
    public Builder signingName(String signingName) {
      this.signingName = signingName;
      return this;
    }

    /** The service's endpoint, e.g. from {@link AwsEndpoints#endpoint}. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** The region the calls are signed for. */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * Where each attempt takes its credentials (called once per attempt; cache in the supplier).
     */
    public Builder credentials(Supplier<AwsCredentials> credentials) {
      this.credentials = credentials;
      return this;
    }

    /**
     * {@code awsJson}: the protocol version ({@code 1.0} for DynamoDB, {@code 1.1} for KMS, Logs).
     */
    public Builder json(String version, String targetPrefix) {
      this.jsonVersion = version;
      this.targetPrefix = targetPrefix;
      return this;
    }

    /** Attempts per call, retries included; default 3. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The largest answer body read; a larger one fails the call without another attempt. Default 32
     * MiB.
     */
    public Builder maxAnswerBytes(int maxAnswerBytes) {
      if (maxAnswerBytes < 1) {
        throw new IllegalArgumentException("maxAnswerBytes must be positive: " + maxAnswerBytes);
      }
      this.maxAnswerBytes = maxAnswerBytes;
      return this;
    }

    /** The longest one attempt may take, connecting and reading included; default 10 s. */
    public Builder attemptTimeout(Duration attemptTimeout) {
      if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
        throw new IllegalArgumentException("attemptTimeout must be positive: " + attemptTimeout);
      }
      this.attemptTimeout = attemptTimeout;
      return this;
    }

    /** The pauses between attempts. */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff, "backoff == null");
      return this;
    }

    /** The clock of the signatures' timestamps. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** The client. */
    public AwsJsonClient build() {
      return new AwsJsonClient(this);
    }
  }
}
