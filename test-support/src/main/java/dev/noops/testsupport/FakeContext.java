package dev.noops.testsupport;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The Lambda {@link Context} of a test invocation (the runtime's own class is not public): a
 * request id, an optional X-Ray trace header and a remaining time the test controls, for a function
 * named {@value #FUNCTION_NAME} in {@code eu-west-1}. Immutable; the {@code with…} methods return
 * copies. The logger writes to standard error.
 */
public final class FakeContext implements Context {
  /** The function name every fake context reports. */
  public static final String FUNCTION_NAME = "noops-test";

  /** The function ARN every fake context reports. */
  public static final String FUNCTION_ARN =
      "arn:aws:lambda:eu-west-1:123456789012:function:" + FUNCTION_NAME;

  private static final long FIFTEEN_MINUTES = Duration.ofMinutes(15).toMillis();

  private final String awsRequestId;
  private final String xrayTraceId;
  private final LongSupplier remainingMillis;

  private FakeContext(String awsRequestId, String xrayTraceId, LongSupplier remainingMillis) {
    this.awsRequestId = Objects.requireNonNull(awsRequestId, "awsRequestId == null");
    this.xrayTraceId = xrayTraceId;
    this.remainingMillis = remainingMillis;
  }

  /** A fresh request id and fifteen minutes (Lambda's longest timeout) that never run out. */
  public static FakeContext create() {
    return of("test-" + UUID.randomUUID());
  }

  /** Request {@code awsRequestId} with fifteen minutes that never run out. */
  public static FakeContext of(String awsRequestId) {
    return new FakeContext(awsRequestId, null, () -> FIFTEEN_MINUTES);
  }

  /** A fresh request id and a fixed {@code remaining} time that never runs out. */
  public static FakeContext withRemaining(Duration remaining) {
    return create().remaining(remaining);
  }

  /** A fresh request id and a deadline {@code remaining} from now, counted in real time. */
  public static FakeContext expiringIn(Duration remaining) {
    long deadline = System.currentTimeMillis() + remaining.toMillis();
    return create().remainingFrom(() -> deadline - System.currentTimeMillis());
  }

  /**
   * A fresh request id whose remaining time starts at {@code startMillis} and loses {@code
   * stepMillis} each time it is asked: a deterministic clock.
   */
  public static FakeContext shrinking(long startMillis, long stepMillis) {
    AtomicLong asked = new AtomicLong();
    return create().remainingFrom(() -> startMillis - stepMillis * asked.getAndIncrement());
  }

  /** This context with another request id. */
  public FakeContext withRequestId(String id) {
    return new FakeContext(id, xrayTraceId, remainingMillis);
  }

  /** This context with the X-Ray trace header the runtime would pass ({@code Root=…;Sampled=…}). */
  public FakeContext withXrayTraceId(String traceHeader) {
    return new FakeContext(awsRequestId, traceHeader, remainingMillis);
  }

  private FakeContext remaining(Duration remaining) {
    long millis = remaining.toMillis();
    return remainingFrom(() -> millis);
  }

  private FakeContext remainingFrom(LongSupplier remaining) {
    return new FakeContext(awsRequestId, xrayTraceId, remaining);
  }

  @Override
  public String getAwsRequestId() {
    return awsRequestId;
  }

  @Override
  public String getXrayTraceId() {
    return xrayTraceId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + FUNCTION_NAME;
  }

  @Override
  public String getLogStreamName() {
    return "2026/11/25/[$LATEST]0123456789abcdef";
  }

  @Override
  public String getFunctionName() {
    return FUNCTION_NAME;
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return FUNCTION_ARN;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 512;
  }

  /** The remaining time, clamped to {@code 0..Integer.MAX_VALUE} as the runtime's is. */
  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remainingMillis.getAsLong()));
  }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override
      public void log(String message) {
        System.err.print(message);
      }

      @Override
      public void log(byte[] message) {
        System.err.write(message, 0, message.length);
      }
    };
  }

  @Override
  public String toString() {
    return "FakeContext[" + awsRequestId + "]";
  }
}
