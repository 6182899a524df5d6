package dev.noops.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * WireMock on a free loopback port that speaks the two wire protocols our AWS clients use:
 *
 * <ul>
 *   <li>AWS JSON 1.1 ({@code POST /}, {@code X-Amz-Target: <prefix>.<Operation>}): CloudWatch Logs
 *       ({@code Logs_20140328}) and KMS ({@code TrentService});
 *   <li>Smithy RPC v2 CBOR ({@code POST /service/<Service>/operation/<Operation>}): CloudWatch
 *       ({@code GraniteServiceVersion20100801}) in SDK v2.
 * </ul>
 *
 * Stub answers with {@link Reply}; read what the SDK sent, decoded, with {@link #jsonRequests} and
 * {@link #cborRequests}.
 *
 * <p>Also a JUnit 5 extension: {@code @RegisterExtension final AwsWireMock aws =
 * AwsWireMock.start();} stops the server after each test; on a {@code static} field, after the
 * class's last test.
 */
public final class AwsWireMock
    implements AutoCloseable, BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  /** The AWS JSON 1.1 target prefix of CloudWatch Logs. */
  public static final String LOGS = "Logs_20140328";

  /** The AWS JSON 1.1 target prefix of KMS. */
  public static final String KMS = "TrentService";

  /** The Smithy service name of CloudWatch (metrics) in RPC v2 CBOR paths. */
  public static final String CLOUDWATCH = "GraniteServiceVersion20100801";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CBORMapper CBOR = new CBORMapper();

  private final WireMockServer server;
  private volatile boolean perClass;

  private AwsWireMock(WireMockServer server) {
    this.server = server;
  }

  /** Starts WireMock on a free port of 127.0.0.1. */
  public static AwsWireMock start() {
    WireMockServer server =
        new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(16));
    server.start();
    return new AwsWireMock(server);
  }

  /** The endpoint to give an SDK client's {@code endpointOverride}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** The underlying server, for anything these helpers do not cover. */
  public WireMockServer server() {
    return server;
  }

  /**
   * Answers every AWS JSON 1.1 call to {@code target} (e.g. "Logs_20140328.PutSubscriptionFilter")
   * in turn with {@code replies}; the last one repeats.
   */
  public void stubJson(String target, Reply... replies) {
    Objects.requireNonNull(target, "target == null");
    stubSequence(
        target,
        () -> post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target)),
        Protocol.JSON,
        replies);
  }

  /**
   * Answers every RPC v2 CBOR call to {@code service}/{@code operation} in turn with {@code
   * replies}; the last one repeats.
   */
  public void stubCbor(String service, String operation, Reply... replies) {
    Objects.requireNonNull(service, "service == null");
    Objects.requireNonNull(operation, "operation == null");
    stubSequence(
        service + "." + operation,
        () -> post(urlEqualTo(cborPath(service, operation))),
        Protocol.CBOR,
        replies);
  }

  /** The decoded JSON bodies of the AWS JSON 1.1 calls made to {@code target}, oldest first. */
  public List<JsonNode> jsonRequests(String target) {
    return server
        .findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(target)))
        .stream()
        .map(request -> read(JSON, request.getBody()))
        .toList();
  }

  /**
   * The decoded CBOR bodies of the RPC v2 CBOR calls made to {@code service}/{@code operation},
   * oldest first.
   */
  public List<JsonNode> cborRequests(String service, String operation) {
    RequestPatternBuilder pattern = postRequestedFor(urlEqualTo(cborPath(service, operation)));
    return server.findAll(pattern).stream().map(request -> read(CBOR, request.getBody())).toList();
  }

  /** Removes every stub and forgets every request. */
  public void reset() {
    server.resetAll();
  }

  @Override
  public void close() {
    server.stop();
  }

  /** Only an extension on a static field is called here: it then lives until {@link #afterAll}. */
  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  // MappingBuilder is mutable, so each scenario step gets a fresh one from the supplier
  private void stubSequence(
      String name, Supplier<MappingBuilder> request, Protocol protocol, Reply... replies) {
    if (replies.length == 0) {
      throw new IllegalArgumentException("no replies for " + name);
    }
    if (replies.length == 1) {
      server.stubFor(request.get().willReturn(replies[0].toResponse(protocol)));
      return;
    }
    String scenario = name + "#" + System.nanoTime();
    for (int i = 0; i < replies.length; i++) {
      String state = i == 0 ? Scenario.STARTED : "reply-" + i;
      ScenarioMappingBuilder step =
          request
              .get()
              .inScenario(scenario)
              .whenScenarioStateIs(state)
              .willReturn(replies[i].toResponse(protocol));
      if (i < replies.length - 1) {
        step = step.willSetStateTo("reply-" + (i + 1));
      }
      server.stubFor(step);
    }
  }

  static String cborPath(String service, String operation) {
    return "/service/" + service + "/operation/" + operation;
  }

  private static JsonNode read(ObjectMapper mapper, byte[] body) {
    try {
      return body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "request body is not valid " + mapper.getFactory().getFormatName(), e);
    }
  }

  enum Protocol {
    JSON,
    CBOR
  }

  /** One scripted answer: a success body, an AWS error, a delay, or a broken connection. */
  public record Reply(
      int status, Map<String, ?> body, String errorType, int delayMillis, Fault fault) {

    /** 200 with {@code body} (a JSON object for JSON 1.1, encoded as CBOR for RPC v2). */
    public static Reply ok(Map<String, ?> body) {
      return new Reply(200, body, null, 0, null);
    }

    /** 200 with an empty object. */
    public static Reply ok() {
      return ok(Map.of());
    }

    /** An AWS error: {@code __type} = {@code errorType} and a message, with the given status. */
    public static Reply error(int status, String errorType, String message) {
      return new Reply(status, Map.of("__type", errorType, "message", message), errorType, 0, null);
    }

    /** The connection is reset by the server before any answer. */
    public static Reply connectionReset() {
      return new Reply(0, Map.of(), null, 0, Fault.CONNECTION_RESET_BY_PEER);
    }

    /** This reply, answered only after {@code millis}. */
    public Reply delayedBy(int millis) {
      return new Reply(status, body, errorType, millis, fault);
    }

    ResponseDefinitionBuilder toResponse(Protocol protocol) {
      if (fault != null) {
        return aResponse().withFault(fault);
      }
      ResponseDefinitionBuilder response =
          aResponse().withStatus(status).withFixedDelay(delayMillis);
      if (errorType != null) {
        response = response.withHeader("x-amzn-ErrorType", errorType);
      }
      try {
        if (protocol == Protocol.JSON) {
          return response
              .withHeader("Content-Type", "application/x-amz-json-1.1")
              .withBody(JSON.writeValueAsBytes(body));
        }
        return response
            .withHeader("Content-Type", "application/cbor")
            .withHeader("smithy-protocol", "rpc-v2-cbor")
            .withBody(CBOR.writeValueAsBytes(body));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot encode a stub body", e);
      }
    }
  }
}
