package dev.noops.logs;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The Lambda context of a test invocation: an id and the remaining time. */
record TestContext(String requestId, int remainingMillis) implements Context {

  static TestContext withSeconds(int seconds) {
    return new TestContext("test-" + System.nanoTime(), seconds * 1000);
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/noops-logs-to-elk";
  }

  @Override
  public String getLogStreamName() {
    return "2024/01/01/[$LATEST]test";
  }

  @Override
  public String getFunctionName() {
    return "noops-logs-to-elk";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:eu-west-1:123456789012:function:noops-logs-to-elk";
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
  public int getRemainingTimeInMillis() {
    return remainingMillis;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 512;
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
}
