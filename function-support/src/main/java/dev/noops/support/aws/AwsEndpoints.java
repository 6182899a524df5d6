package dev.noops.support.aws;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a service's calls go and in which region, resolved the way the AWS SDKs do it without a
 * profile file, so that the same code runs against AWS and against an emulator: the service's own
 * endpoint ({@code aws.endpointUrl<Service>} system property, then {@code
 * AWS_ENDPOINT_URL_<SERVICE>}), then the global one ({@code aws.endpointUrl}, then {@code
 * AWS_ENDPOINT_URL}), unless {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} is true; otherwise the
 * service's regional endpoint.
 *
 * @param env the environment variables
 * @param properties the system properties
 */
public record AwsEndpoints(Map<String, String> env, Properties properties) {
  /** Checks the arguments. */
  public AwsEndpoints {
    Objects.requireNonNull(env, "env == null");
    Objects.requireNonNull(properties, "properties == null");
  }

  /** The process's environment and system properties. */
  public static AwsEndpoints fromSystem() {
    return new AwsEndpoints(System.getenv(), System.getProperties());
  }

  /**
   * The region: the {@code aws.region} system property, then {@code AWS_REGION}, then {@code
   * AWS_DEFAULT_REGION}.
   *
   * @throws IllegalStateException when none is set
   */
  public String region() {
    for (String value :
        new String[] {
          properties.getProperty("aws.region"), env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION")
        }) {
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    throw new IllegalStateException(
        "no AWS region: set AWS_REGION (Lambda sets it for every function)");
  }

  /**
   * The endpoint of a service in {@code region}.
   *
   * @param serviceId the service's SDK ID as the endpoint variables spell it, e.g. {@code
   *     DynamoDB}, {@code KMS}, {@code CloudWatch Logs}, {@code Lambda}
   * @param hostPrefix the first label of the service's regional host name, e.g. {@code dynamodb},
   *     {@code logs}
   */
  public URI endpoint(String serviceId, String hostPrefix, String region) {
    if (!"true".equalsIgnoreCase(env.getOrDefault("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", ""))) {
      String camel = serviceId.replace(" ", "");
      String upper = serviceId.replace(' ', '_').toUpperCase(Locale.ROOT);
      for (String value :
          new String[] {
            properties.getProperty("aws.endpointUrl" + camel),
            env.get("AWS_ENDPOINT_URL_" + upper),
            properties.getProperty("aws.endpointUrl"),
            env.get("AWS_ENDPOINT_URL")
          }) {
        if (value != null && !value.isBlank()) {
          return configured(value.strip());
        }
      }
    }
    String suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
    return URI.create("https://" + hostPrefix + "." + region + "." + suffix);
  }

  private static URI configured(String value) {
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the configured AWS endpoint is not a URL: " + value, e);
    }
    if (uri.getHost() == null
        || !("http".equalsIgnoreCase(uri.getScheme())
            || "https".equalsIgnoreCase(uri.getScheme()))) {
      throw new IllegalStateException(
          "the configured AWS endpoint must be an http(s) URL with a host: " + value);
    }
    return uri;
  }
}
