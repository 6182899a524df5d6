package dev.noops.bench.harness;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.noops.support.Deadline;
import dev.noops.support.aws.AwsEndpoints;
import dev.noops.support.aws.AwsJsonClient;
import dev.noops.support.aws.FunctionCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import org.slf4j.LoggerFactory;

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
      case "credentials" -> FunctionCredentials.fromSystem().get();
      case "dynamodb-build" -> dynamo();
      case "dynamodb-get" -> get(dynamo());
      default -> throw new IllegalArgumentException("unknown PROBE_STEP " + step);
    }
  }

  /** A DynamoDB client as the config function builds one (signed JSON calls, no AWS SDK). */
  private static AwsJsonClient dynamo() {
    AwsEndpoints aws = AwsEndpoints.fromSystem();
    String region = aws.region();
    return AwsJsonClient.builder()
        .signingName("dynamodb")
        .endpoint(aws.endpoint("DynamoDB", "dynamodb", region))
        .region(region)
        .credentials(FunctionCredentials.fromSystem())
        .json("1.0", "DynamoDB_20120810")
        .build();
  }

  private static void get(AwsJsonClient dynamo) {
    String body =
        "{\"TableName\":\""
            + System.getenv("NOOPS_CONFIG_TABLE")
            + "\",\"Key\":{\"pk\":{\"S\":\"probe\"},\"sk\":{\"N\":\"0\"}},"
            + "\"ConsistentRead\":true}";
    dynamo.call("GetItem", body.getBytes(StandardCharsets.UTF_8), Deadline.none());
  }
}
