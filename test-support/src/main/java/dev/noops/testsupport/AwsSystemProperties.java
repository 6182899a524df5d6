package dev.noops.testsupport;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code aws.*} system properties, which the SDK and the functions' clients read like {@code
 * AWS_ENDPOINT_URL}, {@code AWS_REGION} and the key variables, set for a test and put back as they
 * were on {@link #close()}.
 *
 * @param previous each property's value before, null where it was not set
 */
public record AwsSystemProperties(Map<String, String> previous) implements AutoCloseable {
  /** Region {@code eu-west-1}, test keys and every endpoint at {@code aws}. */
  public static AwsSystemProperties pointingAt(AwsWireMock aws) {
    return set(
        Map.of(
            "aws.endpointUrl",
            aws.endpoint().toString(),
            "aws.region",
            "eu-west-1",
            "aws.accessKeyId",
            "test",
            "aws.secretAccessKey",
            "test"));
  }

  /** Region {@code eu-west-1} and test keys, endpoints left as they are. */
  public static AwsSystemProperties regionAndKeys() {
    return set(
        Map.of(
            "aws.region", "eu-west-1", "aws.accessKeyId", "test", "aws.secretAccessKey", "test"));
  }

  private static AwsSystemProperties set(Map<String, String> values) {
    Map<String, String> previous = new HashMap<>();
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
