package dev.noops.support.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AwsEndpointsTest {
  @Test
  void the_service_endpoint_wins_over_the_global_one_and_properties_over_the_environment() {
    Properties properties = new Properties();
    Map<String, String> env =
        Map.of(
            "AWS_ENDPOINT_URL", "http://global:1",
            "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://logs:2");

    AwsEndpoints endpoints = new AwsEndpoints(env, properties);
    assertThat(endpoints.endpoint("CloudWatch Logs", "logs", "eu-west-1"))
        .isEqualTo(URI.create("http://logs:2"));
    assertThat(endpoints.endpoint("DynamoDB", "dynamodb", "eu-west-1"))
        .isEqualTo(URI.create("http://global:1"));

    properties.setProperty("aws.endpointUrlDynamoDB", "http://property:3");
    assertThat(endpoints.endpoint("DynamoDB", "dynamodb", "eu-west-1"))
        .isEqualTo(URI.create("http://property:3"));
  }

  @Test
  void without_configuration_the_regional_endpoint_is_used_and_china_has_its_own_suffix() {
    AwsEndpoints endpoints = new AwsEndpoints(Map.of(), new Properties());

    assertThat(endpoints.endpoint("KMS", "kms", "eu-west-1"))
        .isEqualTo(URI.create("https://kms.eu-west-1.amazonaws.com"));
    assertThat(endpoints.endpoint("Lambda", "lambda", "cn-north-1"))
        .isEqualTo(URI.create("https://lambda.cn-north-1.amazonaws.com.cn"));
  }

  @Test
  void configured_endpoints_can_be_ignored() {
    AwsEndpoints endpoints =
        new AwsEndpoints(
            Map.of(
                "AWS_ENDPOINT_URL",
                "http://global:1",
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                "true"),
            new Properties());

    assertThat(endpoints.endpoint("KMS", "kms", "us-east-1"))
        .isEqualTo(URI.create("https://kms.us-east-1.amazonaws.com"));
  }

  @Test
  void a_configured_endpoint_that_is_not_an_http_url_is_refused_with_its_value() {
    AwsEndpoints endpoints =
        new AwsEndpoints(Map.of("AWS_ENDPOINT_URL", "localhost:4566"), new Properties());

    assertThatThrownBy(() -> endpoints.endpoint("KMS", "kms", "us-east-1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("localhost:4566");
  }

  @Test
  void the_region_comes_from_the_property_then_aws_region_then_the_default_region() {
    Properties properties = new Properties();
    AwsEndpoints endpoints =
        new AwsEndpoints(
            Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "us-east-1"), properties);
    assertThat(endpoints.region()).isEqualTo("eu-west-1");
    properties.setProperty("aws.region", "ap-south-1");
    assertThat(endpoints.region()).isEqualTo("ap-south-1");
    assertThat(
            new AwsEndpoints(Map.of("AWS_DEFAULT_REGION", "us-east-1"), new Properties()).region())
        .isEqualTo("us-east-1");
    assertThatThrownBy(() -> new AwsEndpoints(Map.of(), new Properties()).region())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AWS_REGION");
  }

  @Test
  void credentials_come_from_properties_then_the_environment_and_never_show_the_secret() {
    Properties properties = new Properties();
    Map<String, String> env =
        Map.of(
            "AWS_ACCESS_KEY_ID",
            "ASIAENV",
            "AWS_SECRET_ACCESS_KEY",
            "env-secret",
            "AWS_SESSION_TOKEN",
            "session-xyz");

    AwsCredentials fromEnv = AwsCredentials.fromSystem(env, properties).orElseThrow();
    assertThat(fromEnv).isEqualTo(new AwsCredentials("ASIAENV", "env-secret", "session-xyz"));
    assertThat(fromEnv.toString()).doesNotContain("env-secret").doesNotContain("session-xyz");

    properties.setProperty("aws.accessKeyId", "AKIAPROP");
    properties.setProperty("aws.secretAccessKey", "prop-secret");
    assertThat(AwsCredentials.fromSystem(env, properties).orElseThrow().accessKeyId())
        .isEqualTo("AKIAPROP");
    assertThat(AwsCredentials.fromSystem(Map.of("AWS_ACCESS_KEY_ID", "x"), new Properties()))
        .isEmpty();
  }
}
