package dev.noops.subscribe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.lambda.Lazy;
import dev.noops.lambda.SnapStartHook;
import dev.noops.support.aws.AwsJsonClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda entry point: reads the event as JSON and hands it to {@link SubscribeService}. Events
 * it cannot read are logged and dropped (a retry would not make them readable).
 */
public final class SubscribeHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(SubscribeHandler.class);

  private final SubscribeService service;

  /**
   * Held here because the CRaC context keeps its resources only weakly; null when built for tests.
   */
  private final SubscriberPriming priming;

  /**
   * Builds the CloudWatch Logs client once per execution environment (the Lambda client and the
   * CloudFormation HTTP client when first needed); configuration from the environment. Registers
   * the SnapStart priming hook ({@link SubscriberPriming}).
   */
  public SubscribeHandler() {
    this(
        () -> SubscribeSettings.fromEnvironment(System.getenv()),
        new Lazy<>(CloudWatchLogs::fromSystem),
        new Lazy<>(SelfInvoker::lambdaFromSystem),
        CfnResponder.create());
    SnapStartHook.registerIfSnapshotted(priming, System.getenv());
  }

  /**
   * The production wiring around given settings and clients (the priming test points them at
   * scripted servers).
   */
  SubscribeHandler(
      Supplier<SubscribeSettings> settings,
      Lazy<CloudWatchLogs> logs,
      Lazy<AwsJsonClient> lambda,
      CfnResponder responder) {
    this.service =
        new SubscribeService(
            settings,
            values ->
                LogGroupSubscriber.create(
                    logs.get(), values, RetryPolicy.DEFAULT, Sleeper.REAL, new SecureRandom()),
            SelfInvoker.lambda(lambda),
            responder,
            System.out::println,
            Clock.systemUTC(),
            Duration.ofSeconds(60),
            200);
    this.priming =
        new SubscriberPriming(
            List.of(
                logs,
                lambda,
                () -> {
                  responder.prime();
                  return responder;
                }));
  }

  SubscribeHandler(SubscribeService service) {
    this.service = Objects.requireNonNull(service, "service == null");
    this.priming = null;
  }

  /** The SnapStart hook this handler registers (tests call it directly). */
  SubscriberPriming priming() {
    return priming;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    JsonNode event;
    try {
      event = JsonText.read(input);
    } catch (JacksonException e) {
      LOG.atWarn()
          .setMessage("event ignored: not JSON")
          .addKeyValue("error", e.getOriginalMessage())
          .log();
      event = null;
    }
    String result = service.handle(event, context);
    output.write(result.getBytes(StandardCharsets.UTF_8));
  }
}
