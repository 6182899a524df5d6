package dev.noops.cli;

import dev.noops.testsupport.AwsWireMock;
import java.util.Map;

/**
 * The SDK reads these system properties like AWS_ENDPOINT_URL, AWS_REGION and the key variables.
 */
record AwsSystemProperties(Map<String, String> previous) implements AutoCloseable {
  static AwsSystemProperties pointingAt(AwsWireMock aws) {
    Map<String, String> values =
        Map.of(
            "aws.endpointUrl",
            aws.endpoint().toString(),
            "aws.region",
            "eu-west-1",
            "aws.accessKeyId",
            "test",
            "aws.secretAccessKey",
            "test");
    Map<String, String> previous = new java.util.HashMap<>();
    values.forEach(
        (key, value) -> {
          previous.put(key, System.getProperty(key));
          System.setProperty(key, value);
        });
    return new AwsSystemProperties(previous);
  }

  @Override
  public void close() {
    previous.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
  }
}
