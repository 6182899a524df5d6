package dev.noops.subscribe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The Lambda entry point: reads the event as JSON and hands it to {@link SubscribeService}. Events
 * it cannot read are logged and dropped (a retry would not make them readable).
 */
public final class SubscribeHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(SubscribeHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SubscribeService service;

  /** Builds the real clients once per execution environment; configuration from the environment. */
  public SubscribeHandler() {
    this(defaultService());
  }

  SubscribeHandler(SubscribeService service) {
    this.service = Objects.requireNonNull(service, "service == null");
  }

  private static SubscribeService defaultService() {
    CloudWatchLogsClient logs = AwsClients.cloudWatchLogs();
    LambdaClient lambda = AwsClients.lambda();
    return new SubscribeService(() -> SubscribeSettings.fromEnvironment(System.getenv()),
        settings -> LogGroupSubscriber.create(logs, settings, RetryPolicy.DEFAULT, Sleeper.REAL, new SecureRandom()),
        SelfInvoker.lambda(lambda), CfnResponder.create(), System.out::println, Clock.systemUTC(),
        Duration.ofSeconds(60), 200);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    JsonNode event;
    try {
      event = JSON.readTree(input);
    } catch (JacksonException e) {
      LOG.atWarn().setMessage("event ignored: not JSON").addKeyValue("error", e.getOriginalMessage()).log();
      event = null;
    }
    String result = service.handle(event, context);
    output.write(result.getBytes(StandardCharsets.UTF_8));
  }
}
