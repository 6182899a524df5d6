package dev.noops.subscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  static final String FN = "arn:aws:lambda:eu-west-1:123456789012:function:noops-shipper";

  static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("DESTINATION_ARN", FN);
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void defaults_subscribe_lambda_groups_with_every_line_at_five_calls_a_second() {
    SubscribeSettings s = SubscribeSettings.fromEnvironment(env());

    assertThat(s.includePrefixes()).containsExactly("/aws/lambda/");
    assertThat(s.filterName()).isEqualTo("noops-shipper");
    assertThat(s.filterPattern()).isEmpty();
    assertThat(s.requestsPerSecond()).isEqualTo(5.0);
    assertThat(s.roleArn()).isEmpty();
    assertThat(s.retentionDays()).isEmpty();
    assertThat(s.unsubscribeOnDelete()).isFalse();
    assertThat(s.protectedGroups()).containsExactly("/aws/lambda/noops-shipper");
  }

  @Test
  void reads_every_variable_from_the_environment() {
    SubscribeSettings s =
        SubscribeSettings.fromEnvironment(
            env(
                "INCLUDE_PREFIXES",
                " /aws/lambda/ , /ecs/ ,",
                "EXCLUDE_PREFIXES",
                "/aws/lambda/test-",
                "EXCLUDE_REGEX",
                "-canary$",
                "INCLUDE_TAGS",
                "team=orders,ship",
                "EXCLUDE_TAGS",
                "noops:ship=false",
                "RETENTION_DAYS",
                "30",
                "RETENTION_FORCE",
                "true",
                "REQUESTS_PER_SECOND",
                "2.5",
                "PROTECTED_LOG_GROUPS",
                "/custom/shipper",
                "AWS_LAMBDA_LOG_GROUP_NAME",
                "/aws/lambda/sub",
                "UNSUBSCRIBE_ON_DELETE",
                "TRUE",
                "FILTER_NAME",
                "ship",
                "FILTER_PATTERN",
                "ERROR"));

    assertThat(s.includePrefixes()).containsExactly("/aws/lambda/", "/ecs/");
    assertThat(s.excludePrefixes()).containsExactly("/aws/lambda/test-");
    assertThat(s.excludeRegex()).get().extracting(p -> p.pattern()).isEqualTo("-canary$");
    assertThat(s.includeTags())
        .containsExactly(new TagMatch("team", "orders"), new TagMatch("ship", null));
    assertThat(s.excludeTags()).containsExactly(new TagMatch("noops:ship", "false"));
    assertThat(s.retentionDays()).contains(30);
    assertThat(s.forceRetention()).isTrue();
    assertThat(s.requestsPerSecond()).isEqualTo(2.5);
    assertThat(s.protectedGroups())
        .containsExactlyInAnyOrder(
            "/aws/lambda/noops-shipper", "/custom/shipper", "/aws/lambda/sub");
    assertThat(s.unsubscribeOnDelete()).isTrue();
    assertThat(s.filterName()).isEqualTo("ship");
    assertThat(s.filterPattern()).isEqualTo("ERROR");
  }

  @Test
  void destinations_parse_by_service_and_name_their_own_log_group() {
    assertThat(Destination.parse(FN + ":live").ownLogGroup()).contains("/aws/lambda/noops-shipper");
    assertThat(
            Destination.parse("arn:aws:firehose:eu-west-1:123456789012:deliverystream/logs")
                .ownLogGroup())
        .contains("/aws/kinesisfirehose/logs");
    Destination kinesis =
        Destination.parse("arn:aws-us-gov:kinesis:us-gov-west-1:123456789012:stream/logs");
    assertThat(kinesis.kind()).isEqualTo(Destination.Kind.KINESIS);
    assertThat(kinesis.ownLogGroup()).isEmpty();
    assertThat(kinesis.needsRole()).isTrue();
  }

  @Test
  void bad_values_are_refused_with_a_message_naming_them() {
    List<Map.Entry<Map<String, String>, String>> cases =
        List.of(
            Map.entry(Map.of(), "DESTINATION_ARN"),
            Map.entry(
                env("DESTINATION_ARN", "arn:aws:sqs:eu-west-1:123456789012:q"),
                "arn:aws:sqs:eu-west-1:123456789012:q"),
            Map.entry(
                env("DESTINATION_ARN", "arn:aws:lambda:eu-west-1:123456789012:function:"),
                "no valid resource name"),
            Map.entry(env("DESTINATION_ARN", "not an arn"), "not an arn"),
            Map.entry(
                env("DESTINATION_ARN", "arn:aws:kinesis:eu-west-1:123456789012:stream/s"),
                "needs a role ARN"),
            Map.entry(env("RETENTION_DAYS", "10"), ": 10"),
            Map.entry(env("RETENTION_DAYS", "ten"), "RETENTION_DAYS is not a whole number: ten"),
            Map.entry(env("REQUESTS_PER_SECOND", "0"), "positive"),
            Map.entry(env("REQUESTS_PER_SECOND", "NaN"), "positive"),
            Map.entry(
                env("REQUESTS_PER_SECOND", "fast"), "REQUESTS_PER_SECOND is not a number: fast"),
            Map.entry(env("EXCLUDE_REGEX", "(unclosed"), "exclude regex does not compile"),
            Map.entry(env("FILTER_NAME", "a:b"), "a:b"),
            Map.entry(env("FILTER_NAME", "x".repeat(513)), "filter name"),
            Map.entry(env("FILTER_PATTERN", "x".repeat(1025)), "1024"),
            Map.entry(env("DISTRIBUTION", "Random"), "Kinesis destinations only"),
            Map.entry(env("DISTRIBUTION", "RoundRobin"), "RoundRobin"),
            Map.entry(env("INCLUDE_TAGS", "=v"), "include tag must be key or key=value: =v"));

    for (var c : cases) {
      assertThatThrownBy(() -> SubscribeSettings.fromEnvironment(c.getKey()))
          .as(c.getKey().toString())
          .isInstanceOf(SubscribeException.class)
          .hasMessageContaining(c.getValue());
    }
  }

  @Test
  void a_role_given_for_a_lambda_destination_is_dropped_because_aws_refuses_it() {
    SubscribeSettings s =
        SubscribeSettings.fromEnvironment(env("ROLE_ARN", "arn:aws:iam::123456789012:role/x"));

    assertThat(s.roleArn()).isEmpty();
  }

  @Test
  void only_the_retention_values_aws_accepts_pass() {
    for (int days :
        List.of(
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
            2922, 3288, 3653)) {
      assertThat(Retention.isAccepted(days)).as("%d", days).isTrue();
    }
    for (int days : List.of(0, -1, 2, 31, 366, 3654, Integer.MAX_VALUE)) {
      assertThat(Retention.isAccepted(days)).as("%d", days).isFalse();
    }
  }

  @Test
  void retention_is_written_where_none_is_set_or_it_raises_and_shortens_only_when_forced() {
    assertThat(Retention.toWrite(null, 30, false)).contains(30);
    assertThat(Retention.toWrite(7, 30, false)).contains(30);
    assertThat(Retention.toWrite(30, 30, false)).isEmpty();
    assertThat(Retention.toWrite(365, 30, false)).isEmpty();
    assertThat(Retention.toWrite(365, 30, true)).contains(30);
    assertThat(Retention.toWrite(30, 30, true)).isEmpty();
  }

  @Test
  void listing_prefixes_are_the_shortest_covering_set() {
    SubscribeSettings s =
        SubscribeSettings.builder()
            .destinationArn(FN)
            .includePrefix("/aws/lambda/orders-")
            .includePrefix("/ecs/")
            .includePrefix("/aws/lambda/")
            .includePrefix("/ecs/")
            .build();

    assertThat(new Selection(s).listingPrefixes()).containsExactly("/aws/lambda/", "/ecs/");
    assertThat(
            new Selection(
                    SubscribeSettings.builder()
                        .destinationArn(FN)
                        .includePrefix("/x")
                        .includePrefix("*")
                        .build())
                .listingPrefixes())
        .containsExactly("*");
  }

  @Test
  void plan_lines_are_tab_separated_and_cannot_be_broken_by_names() {
    GroupOutcome outcome =
        GroupOutcome.skipped("/aws/lambda/a\tb", SkipReason.NO_FREE_SLOT, "held by x\ny");

    assertThat(outcome.planLine()).isEqualTo("/aws/lambda/a b\tskip\theld by x y");
  }
}
