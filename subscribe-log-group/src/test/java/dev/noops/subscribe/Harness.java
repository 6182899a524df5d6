package dev.noops.subscribe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.noops.support.aws.AwsJsonClient;
import dev.noops.testsupport.FakeContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The handler wired to real SDK clients that talk to scripted servers; summaries captured instead
 * of printed.
 */
final class Harness {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  final List<String> summaries = new CopyOnWriteArrayList<>();
  final SubscribeHandler handler;

  Harness(CloudWatchLogs logs, AwsJsonClient lambda, Map<String, String> env) {
    SubscribeService service =
        new SubscribeService(
            () -> SubscribeSettings.fromEnvironment(env),
            settings -> TestClients.subscriber(logs, settings),
            SelfInvoker.lambda(() -> lambda),
            new CfnResponder(HttpClient.newHttpClient(), d -> {}),
            summaries::add,
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofSeconds(60),
            200);
    this.handler = new SubscribeHandler(service);
  }

  JsonNode invoke(String event, FakeContext context) {
    return invoke(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), context);
  }

  JsonNode invokeResource(String name, FakeContext context) {
    return invoke(resource(name), context);
  }

  JsonNode invoke(InputStream event, FakeContext context) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(event, out, context);
      return JSON.readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode summary(int index) {
    try {
      return JSON.readTree(summaries.get(index));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resource(String name) {
    try (InputStream in = Harness.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource events/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
