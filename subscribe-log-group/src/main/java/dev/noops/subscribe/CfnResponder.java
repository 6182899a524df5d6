package dev.noops.subscribe;

import dev.noops.lambda.Lazy;
import dev.noops.support.Backoff;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a CloudFormation custom resource request by PUTting the response document to its
 * pre-signed S3 URL: at most once per request (the work and the timeout watchdog may race), and
 * retried a few times, because an unanswered request holds a stack for an hour.
 */
final class CfnResponder {
  private static final Logger LOG = LoggerFactory.getLogger(CfnResponder.class);
  private static final int ATTEMPTS = 4;
  private static final int MAX_REASON = 1000;

  private final Supplier<HttpClient> http;
  private final Backoff backoff;

  CfnResponder(HttpClient http, Sleeper sleeper) {
    this(() -> http, sleeper);
  }

  CfnResponder(Supplier<HttpClient> http, Sleeper sleeper) {
    this.http = http;
    // pauses of up to 0.4, 0.8 and 1.6 s: the three retries fit well inside any custom resource
    // timeout
    this.backoff =
        Backoff.builder()
            .delays(Duration.ofMillis(400), Duration.ofMillis(1600))
            .sleeper(sleeper::sleep)
            .build();
  }

  /**
   * A responder whose HTTP client is built for the first answer (custom resource events are rare).
   */
  static CfnResponder create() {
    return new CfnResponder(
        new Lazy<>(() -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()),
        Sleeper.REAL);
  }

  /** Builds the HTTP client now (SnapStart priming), without a request, and returns it. */
  HttpClient prime() {
    return http.get();
  }

  /** One request's answer; {@link #send} only sends the first status it is given. */
  final class Answer {
    private final CustomResourceRequest request;
    private final AtomicBoolean sent = new AtomicBoolean();

    Answer(CustomResourceRequest request) {
      this.request = request;
    }

    boolean send(boolean success, String reason, Map<String, String> data) {
      if (!sent.compareAndSet(false, true)) {
        return false;
      }
      put(request, body(request, success, reason, data));
      return true;
    }
  }

  Answer answerFor(CustomResourceRequest request) {
    return new Answer(request);
  }

  static String body(
      CustomResourceRequest request, boolean success, String reason, Map<String, String> data) {
    String why = reason == null || reason.isBlank() ? (success ? "OK" : "failed") : reason;
    return JsonText.object(
        g -> {
          g.writeStringField("Status", success ? "SUCCESS" : "FAILED");
          g.writeStringField(
              "Reason", why.length() > MAX_REASON ? why.substring(0, MAX_REASON) : why);
          g.writeStringField("PhysicalResourceId", request.physicalResourceId());
          g.writeStringField("StackId", request.stackId());
          g.writeStringField("RequestId", request.requestId());
          g.writeStringField("LogicalResourceId", request.logicalResourceId());
          g.writeBooleanField("NoEcho", false);
          g.writeObjectFieldStart("Data");
          for (Map.Entry<String, String> entry : data.entrySet()) {
            g.writeStringField(entry.getKey(), entry.getValue());
          }
          g.writeEndObject();
        });
  }

  private void put(CustomResourceRequest request, String body) {
    // the pre-signed URL is signed without a content type, so none is sent
    HttpRequest put =
        HttpRequest.newBuilder(URI.create(request.responseUrl()))
            .timeout(Duration.ofSeconds(10))
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build();
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        HttpResponse<Void> response = http.get().send(put, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2) {
          LOG.atInfo()
              .setMessage("answered CloudFormation")
              .addKeyValue("requestId", request.requestId())
              .addKeyValue("status", response.statusCode())
              .log();
          return;
        }
        LOG.atWarn()
            .setMessage("CloudFormation response URL refused the answer")
            .addKeyValue("status", response.statusCode())
            .addKeyValue("attempt", attempt)
            .log();
        if (response.statusCode() / 100 == 4 && response.statusCode() != 429) {
          break; // an expired or wrong signature will not get better
        }
      } catch (IOException e) {
        LOG.atWarn()
            .setMessage("cannot reach the CloudFormation response URL")
            .addKeyValue("error", e.getClass().getSimpleName())
            .addKeyValue("attempt", attempt)
            .log();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SubscribeException("interrupted while answering CloudFormation", e);
      }
      if (attempt < ATTEMPTS) {
        pause(attempt);
      }
    }
    throw new SubscribeException(
        "could not deliver the CloudFormation answer for request " + request.requestId());
  }

  private void pause(int retry) {
    try {
      backoff.pause(retry);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SubscribeException("interrupted while answering CloudFormation", e);
    }
  }
}
