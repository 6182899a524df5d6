package dev.noops.bench.harness;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A Lambda handler that does one usual init step ({@code PROBE_STEP}) on its first event and
 * answers {@code {"ok":true}}: packed into the config API's Lambda jar by {@link ColdStartParts},
 * it measures what each step adds to a cold start over the bare runtime.
 */
public final class ProbeHandler implements RequestStreamHandler {
  /** The handler the Runtime Interface Client instantiates. */
  public ProbeHandler() {}

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    byte[] event = input.readAllBytes();
    step(System.getenv().getOrDefault("PROBE_STEP", "none"), event);
    output.write("{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
  }

  static void step(String step, byte[] event) throws IOException {
    switch (step) {
      case "none" -> {}
      case "log" -> LoggerFactory.getLogger(ProbeHandler.class).info("probe {}", step);
      case "databind" -> new ObjectMapper().readTree(event);
      case "streaming" -> {
        try (JsonParser parser = new JsonFactory().createParser(event)) {
          while (parser.nextToken() != null) {
            parser.getText();
          }
        }
      }
      case "tls" -> {
        try {
          SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
          throw new IOException(e);
        }
      }
      case "credentials" -> DefaultCredentialsProvider.builder().build().resolveCredentials();
      case "dynamodb-build" -> dynamo(false);
      case "dynamodb-get" -> get(dynamo(false));
      case "dynamodb-get-explicit" -> get(dynamo(true));
      default -> throw new IllegalArgumentException("unknown PROBE_STEP " + step);
    }
  }

  private static DynamoDbClient dynamo(boolean explicit) {
    DynamoDbClientBuilder builder =
        DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
    if (explicit) {
      builder
          .region(Region.of(System.getenv("AWS_REGION")))
          .credentialsProvider(EnvironmentVariableCredentialsProvider.create());
    }
    return builder.build();
  }

  private static void get(DynamoDbClient dynamo) {
    dynamo.getItem(
        b ->
            b.tableName(System.getenv("NOOPS_CONFIG_TABLE"))
                .key(Map.of("pk", AttributeValue.fromS("probe"), "sk", AttributeValue.fromN("0"))));
  }
}
