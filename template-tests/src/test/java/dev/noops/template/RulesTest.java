package dev.noops.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CloudFormation refuses inconsistent parameters before it changes anything: template.yaml's Rules
 * and parameter patterns.
 */
class RulesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final CfnRules RULES = new CfnRules(Template.load(ROOT.resolve("template.yaml")));
  private static final String ENDPOINT = "https://search-logs-abc.eu-west-1.es.amazonaws.com";
  private static final String SECRET =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:noops/es-AbCdEf";
  private static final String DOMAIN = "arn:aws:es:eu-west-1:123456789012:domain/logs";

  static Stream<Arguments> bad_combinations() {
    return Stream.of(
        Arguments.of(Map.of("ElasticsearchAuth", "basic"), "SecretAuthNeedsASecret"),
        Arguments.of(Map.of("ElasticsearchAuth", "api-key"), "SecretAuthNeedsASecret"),
        Arguments.of(
            Map.of("ElasticsearchAuth", "none", "ElasticsearchSecretArn", SECRET),
            "SecretOnlyForSecretAuth"),
        Arguments.of(
            Map.of("ElasticsearchSecretArn", SECRET),
            "SecretOnlyForSecretAuth"), // default aws-sigv4-es
        Arguments.of(
            Map.of("ElasticsearchAuth", "aws-sigv4-aoss", "ElasticsearchSecretArn", SECRET),
            "SecretOnlyForSecretAuth"),
        Arguments.of(
            Map.of("ElasticsearchAuth", "none", "ElasticsearchDomainArn", DOMAIN),
            "DomainArnOnlyForSigV4"),
        Arguments.of(
            Map.of(
                "ElasticsearchAuth",
                "basic",
                "ElasticsearchSecretArn",
                SECRET,
                "ElasticsearchDomainArn",
                DOMAIN),
            "DomainArnOnlyForSigV4"),
        Arguments.of(Map.of("ShipperSubnetIds", "subnet-0a1b2c3d"), "SubnetsNeedSecurityGroups"),
        Arguments.of(
            Map.of("ShipperSecurityGroupIds", "sg-0123456789abcdef0"), "SecurityGroupsNeedSubnets"),
        Arguments.of(
            Map.of("ElasticsearchEndpoint", "http://search-logs-abc.eu-west-1.es.amazonaws.com"),
            "ElasticsearchEndpoint"),
        Arguments.of(
            Map.of("ElasticsearchEndpoint", "https://search.example.com/some/path"),
            "ElasticsearchEndpoint"),
        Arguments.of(
            Map.of("ElasticsearchEndpoint", "https://user:password@search.example.com"),
            "ElasticsearchEndpoint"),
        Arguments.of(
            Map.of("ElasticsearchEndpoint", "search.example.com"), "ElasticsearchEndpoint"),
        Arguments.of(
            Map.of("ElasticsearchAuth", "basic", "ElasticsearchSecretArn", "noops/es"),
            "ElasticsearchSecretArn"),
        Arguments.of(Map.of("ElasticsearchDomainArn", "logs"), "ElasticsearchDomainArn"),
        Arguments.of(
            Map.of("ElasticsearchDomainArn", "arn:aws:s3:::logs"), "ElasticsearchDomainArn"),
        Arguments.of(
            Map.of(
                "ShipperSubnetIds",
                "subnet-0a1b2c3d, subnet-4e5f6a7b",
                "ShipperSecurityGroupIds",
                "sg-01"),
            "ShipperSubnetIds"),
        Arguments.of(Map.of("ShipperReservedConcurrency", "0"), "ShipperReservedConcurrency"),
        Arguments.of(Map.of("ShipperReservedConcurrency", "lots"), "ShipperReservedConcurrency"),
        Arguments.of(Map.of("ElasticsearchAuth", "kerberos"), "ElasticsearchAuth"),
        Arguments.of(Map.of("MetricsNamespace", "AWS/Lambda"), "MetricsNamespace"),
        Arguments.of(
            Map.of("AlertHttpsEndpoint", "http://events.example.com"), "AlertHttpsEndpoint"));
  }

  @ParameterizedTest
  @MethodSource("bad_combinations")
  void refuses_an_inconsistent_combination(Map<String, String> given, String refusedBy) {
    Map<String, String> values = new HashMap<>(Map.of("ElasticsearchEndpoint", ENDPOINT));
    values.putAll(given);

    List<String> refusals = RULES.refusals(values);

    assertThat(refusals)
        .as("refusals of %s", given)
        .isNotEmpty()
        .anySatisfy(r -> assertThat(r).startsWith(refusedBy + ":"));
  }

  @Test
  void the_endpoint_is_the_only_value_a_deploy_with_the_defaults_needs() {
    assertThat(RULES.refusals(Map.of())).containsExactly("ElasticsearchEndpoint: required");
    assertThat(RULES.refusals(Map.of("ElasticsearchEndpoint", ENDPOINT))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("dev.noops.template.TransformedTemplates#modes")
  void accepts_every_combination_the_transform_is_checked_with(String mode) {
    assertThat(RULES.refusals(TransformedTemplates.parameters(mode))).as(mode).isEmpty();
  }
}
