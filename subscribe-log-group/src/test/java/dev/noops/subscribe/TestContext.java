package dev.noops.subscribe;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A Lambda context whose remaining time the test controls. */
final class TestContext implements Context {
  static final String FUNCTION_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:noops-subscriber";
  private final LongSupplier remaining;

  private TestContext(LongSupplier remaining) {
    this.remaining = remaining;
  }

  /** Plenty of time. */
  static TestContext relaxed() {
    return new TestContext(() -> 900_000L);
  }

  /** Real time: {@code millis} from now. */
  static TestContext realTime(long millis) {
    long deadline = System.currentTimeMillis() + millis;
    return new TestContext(() -> deadline - System.currentTimeMillis());
  }

  /** Loses {@code stepMillis} each time it is asked, starting from {@code startMillis}: a deterministic clock. */
  static TestContext shrinking(long startMillis, long stepMillis) {
    AtomicLong asked = new AtomicLong();
    return new TestContext(() -> startMillis - stepMillis * asked.getAndIncrement());
  }

  @Override public String getAwsRequestId() { return "7f1c2a3b-test"; }
  @Override public String getLogGroupName() { return "/aws/lambda/noops-subscriber"; }
  @Override public String getLogStreamName() { return "2026/11/25/[$LATEST]abc"; }
  @Override public String getFunctionName() { return "noops-subscriber"; }
  @Override public String getFunctionVersion() { return "$LATEST"; }
  @Override public String getInvokedFunctionArn() { return FUNCTION_ARN; }
  @Override public CognitoIdentity getIdentity() { return null; }
  @Override public ClientContext getClientContext() { return null; }
  @Override public int getRemainingTimeInMillis() { return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining.getAsLong())); }
  @Override public int getMemoryLimitInMB() { return 512; }

  @Override
  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      @Override public void log(String message) { System.out.println(message); }
      @Override public void log(byte[] message) { System.out.println(new String(message, StandardCharsets.UTF_8)); }
    };
  }
}
