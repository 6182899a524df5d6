package dev.noops.correlation;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Sends one SQS message with the interceptor; run in a class loader without the other services. */
public final class IsolatedSqsSend implements Function<String, String> {
  @Override
  public String apply(String endpoint) {
    try (SqsClient sqs =
        SqsClient.builder()
            .endpointOverride(URI.create(endpoint))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
            .httpClient(UrlConnectionHttpClient.create())
            .checksumValidationEnabled(false)
            .overrideConfiguration(c -> c.addExecutionInterceptor(new CorrelationSdkInterceptor()))
            .build()) {
      return Correlation.handle(
          Map.of("__context__", Map.of("x-correlation-id", "isolated")),
          null,
          () ->
              sqs.sendMessage(
                      b -> b.queueUrl("https://sqs.us-east-1.amazonaws.com/1/q").messageBody("m"))
                  .messageId());
    }
  }
}
