package dev.noops.bench.harness;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The child JVM of {@link ColdStart}, standing in for the Lambda Java runtime: on a classpath of the
 * unpacked function artifact plus this class alone, it loads the handler class by name, constructs
 * it with its no-arg constructor (as the runtime does at init), serves one event through
 * {@link RequestStreamHandler#handleRequest} and exits. Uses only the JDK and aws-lambda-java-core
 * (which every function artifact carries).
 *
 * <p>Usage: {@code LambdaRunner <handler-class> <event-file> <expected-substring-of-the-answer>}.
 * Exit 0: served and the answer holds the expected text; 2: it does not; 1: the handler threw.
 */
public final class LambdaRunner {
  private LambdaRunner() {}

  public static void main(String[] args) throws Exception {
    long start = System.currentTimeMillis();
    Object handler = Class.forName(args[0]).getConstructor().newInstance();
    if (!(handler instanceof RequestStreamHandler streamHandler)) {
      throw new IllegalArgumentException(args[0] + " is not a RequestStreamHandler");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
      streamHandler.handleRequest(in, out, new RunnerContext(start));
    }
    String answer = out.toString(StandardCharsets.UTF_8);
    System.out.println("answer: " + answer);
    System.exit(answer.contains(args[2]) ? 0 : 2);
  }

  /** The invocation context: a 60 s timeout counted from process start, like an init + first invoke. */
  static final class RunnerContext implements Context {
    private final long start;
    private final String requestId = UUID.randomUUID().toString();

    RunnerContext(long start) {
      this.start = start;
    }

    @Override
    public String getAwsRequestId() {
      return requestId;
    }

    @Override
    public String getLogGroupName() {
      return "/aws/lambda/noops-bench";
    }

    @Override
    public String getLogStreamName() {
      return "2026/11/25/[$LATEST]bench";
    }

    @Override
    public String getFunctionName() {
      return "noops-bench";
    }

    @Override
    public String getFunctionVersion() {
      return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
      return "arn:aws:lambda:eu-west-1:123456789012:function:noops-bench";
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
      return (int) Math.max(0, 60_000 - (System.currentTimeMillis() - start));
    }

    @Override
    public int getMemoryLimitInMB() {
      return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
      return new RunnerLogger();
    }
  }

  /** Writes to standard output, as the runtime's logger does. */
  static final class RunnerLogger implements LambdaLogger {
    @Override
    public void log(String message) {
      System.out.print(message);
    }

    @Override
    public void log(byte[] message) {
      System.out.write(message, 0, message.length);
    }
  }
}
