package dev.noops.testsupport.ric;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Answers with the request id, the function ARN and the event; fails on the event {@code "fail"}.
 */
public final class EchoHandler implements RequestStreamHandler {
  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    if (event.equals("\"fail\"")) {
      throw new IllegalArgumentException("asked to fail");
    }
    String answer =
        "{\"id\":\""
            + context.getAwsRequestId()
            + "\",\"arn\":\""
            + context.getInvokedFunctionArn()
            + "\",\"memory\":"
            + context.getMemoryLimitInMB()
            + ",\"event\":"
            + event
            + "}";
    output.write(answer.getBytes(StandardCharsets.UTF_8));
  }
}
