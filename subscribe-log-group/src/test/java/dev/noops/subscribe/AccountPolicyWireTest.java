package dev.noops.subscribe;

import static dev.noops.subscribe.LogsStub.filter;
import static dev.noops.subscribe.LogsStub.group;
import static dev.noops.subscribe.SubscribeWireTest.DEST;
import static dev.noops.subscribe.SubscribeWireTest.OURS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.noops.support.aws.AwsJsonClient;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import dev.noops.testsupport.FakeContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Account-policy mode on the wire (AWS JSON 1.1, {@code Logs_20140328.*}): the emulators here do
 * not implement account policies, so the request bodies are checked against the shapes of the
 * CloudWatch Logs API reference (PutAccountPolicy, DescribeAccountPolicies, DeleteAccountPolicy).
 */
class AccountPolicyWireTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String LOGS = AwsWireMock.LOGS;
  static final String SUBSCRIBER_GROUP = "/aws/lambda/noops-subscriber";
  static final String POLICY_DOCUMENT =
      "{\"DestinationArn\":\"" + DEST + "\",\"FilterPattern\":\"\",\"Distribution\":\"Random\"}";
  static final String CRITERIA =
      "LogGroupName NOT IN [\"/aws/lambda/noops-shipper\", \"/aws/lambda/noops-subscriber\","
          + " \"/ecs/noisy\"]";
  static AwsWireMock aws;
  static CloudWatchLogs client;
  static AwsJsonClient lambda;
  LogsStub logs;

  @BeforeAll
  static void start() {
    aws = AwsWireMock.start();
    client = TestClients.logs(aws);
    lambda = TestClients.lambda(aws.endpoint());
  }

  @AfterAll
  static void stop() {
    aws.close();
  }

  @BeforeEach
  void reset() {
    aws.reset();
    logs = new LogsStub(aws);
  }

  static SubscribeSettings.Builder accountMode() {
    return SubscribeSettings.builder()
        .destinationArn(DEST)
        .mode(SubscriptionMode.ACCOUNT_POLICY)
        .protectedGroup(SUBSCRIBER_GROUP)
        .excludeGroup("/ecs/noisy")
        .requestsPerSecond(10_000);
  }

  static Map<String, Object> policy(String name, String document, String criteria) {
    return Map.of(
        "policyName",
        name,
        "policyDocument",
        document,
        "policyType",
        "SUBSCRIPTION_FILTER_POLICY",
        "scope",
        "ALL",
        "selectionCriteria",
        criteria,
        "accountId",
        "123456789012");
  }

  @Test
  void puts_exactly_the_request_the_api_reference_describes() throws Exception {
    LogGroupSubscriber subscriber = TestClients.subscriber(client, accountMode().build());

    assertThat(subscriber.applyAccountPolicy(false)).isEqualTo(PolicyAction.PUT);

    assertThat(logs.requests("DescribeAccountPolicies"))
        .singleElement()
        .isEqualTo(JSON.readTree("{\"policyType\":\"SUBSCRIPTION_FILTER_POLICY\"}"));
    JsonNode put = logs.requests("PutAccountPolicy").get(0);
    assertThat(put)
        .isEqualTo(
            JSON.readTree(
                JSON.writeValueAsString(
                    Map.of(
                        "policyName",
                        "noops-shipper",
                        "policyDocument",
                        POLICY_DOCUMENT,
                        "policyType",
                        "SUBSCRIPTION_FILTER_POLICY",
                        "selectionCriteria",
                        CRITERIA,
                        "scope",
                        "ALL"))));
    assertThat(JSON.readTree(subscriber.accountPolicyRequest()))
        .as("what --dry-run prints is the body it puts")
        .isEqualTo(put);
  }

  @Test
  void leaves_a_current_policy_alone_whatever_its_key_order_and_spacing() {
    aws.stubJson(
        LOGS + ".DescribeAccountPolicies",
        Reply.ok(
            Map.of(
                "accountPolicies",
                List.of(
                    policy(
                        "noops-shipper",
                        "{ \"Distribution\": \"Random\", \"FilterPattern\": \"\","
                            + " \"DestinationArn\": \""
                            + DEST
                            + "\" }",
                        CRITERIA)))));

    assertThat(TestClients.subscriber(client, accountMode().build()).applyAccountPolicy(false))
        .isEqualTo(PolicyAction.UNCHANGED);
    assertThat(logs.requests("PutAccountPolicy")).isEmpty();
  }

  @Test
  void rewrites_our_policy_when_the_exclusions_changed() {
    aws.stubJson(
        LOGS + ".DescribeAccountPolicies",
        Reply.ok(
            Map.of(
                "accountPolicies",
                List.of(
                    policy(
                        "noops-shipper",
                        POLICY_DOCUMENT,
                        "LogGroupName NOT IN [\"/aws/lambda/noops-shipper\"]")))));

    assertThat(TestClients.subscriber(client, accountMode().build()).applyAccountPolicy(false))
        .isEqualTo(PolicyAction.PUT);
    assertThat(logs.requests("PutAccountPolicy"))
        .singleElement()
        .satisfies(r -> assertThat(r.get("selectionCriteria").asText()).isEqualTo(CRITERIA));
  }

  @Test
  void refuses_when_the_account_has_a_policy_noops_did_not_create_and_writes_nothing() {
    aws.stubJson(
        LOGS + ".DescribeAccountPolicies",
        Reply.ok(
            Map.of(
                "accountPolicies",
                List.of(
                    policy(
                        "security-team-firehose",
                        "{\"DestinationArn\":\"arn:aws:firehose:x\"}",
                        "")))));
    LogGroupSubscriber subscriber = TestClients.subscriber(client, accountMode().build());

    assertThatThrownBy(() -> subscriber.applyAccountPolicy(false))
        .isInstanceOf(SubscribeException.class)
        .hasMessageContaining("security-team-firehose")
        .hasMessageContaining("one per account");
    assertThat(subscriber.removeAccountPolicy(false))
        .as("someone else's policy is never removed")
        .isEqualTo(PolicyAction.ABSENT);
    assertThat(logs.requests("PutAccountPolicy")).isEmpty();
    assertThat(logs.requests("DeleteAccountPolicy")).isEmpty();
  }

  @Test
  void a_dry_run_reads_and_says_it_would_put() {
    assertThat(TestClients.subscriber(client, accountMode().build()).applyAccountPolicy(true))
        .isEqualTo(PolicyAction.PUT);
    assertThat(logs.requests("DescribeAccountPolicies")).hasSize(1);
    assertThat(logs.requests("PutAccountPolicy")).isEmpty();
  }

  @Test
  void switching_to_per_group_removes_only_the_policy_noops_named() throws Exception {
    aws.stubJson(
        LOGS + ".DescribeAccountPolicies",
        Reply.ok(
            Map.of(
                "accountPolicies", List.of(policy("noops-shipper", POLICY_DOCUMENT, CRITERIA)))));
    SubscribeSettings perGroup =
        SubscribeSettings.builder().destinationArn(DEST).requestsPerSecond(10_000).build();

    assertThat(TestClients.subscriber(client, perGroup).removeAccountPolicy(false))
        .isEqualTo(PolicyAction.REMOVED);
    assertThat(logs.requests("DeleteAccountPolicy"))
        .singleElement()
        .isEqualTo(
            JSON.readTree(
                "{\"policyName\":\"noops-shipper\",\"policyType\":\"SUBSCRIPTION_FILTER_POLICY\"}"));
  }

  @Test
  void switching_to_account_policy_removes_only_the_per_group_filters_noops_made() {
    logs.groups(50, List.of(group("/aws/lambda/a"), group("/aws/lambda/b"), group("/ecs/c")));
    logs.filters("/aws/lambda/a", filter("/aws/lambda/a", OURS, DEST, ""));
    logs.filters("/aws/lambda/b", filter("/aws/lambda/b", "their-filter", DEST, ""));
    logs.filters(
        "/ecs/c",
        filter("/ecs/c", OURS, DEST, ""),
        filter("/ecs/c", "datadog", "arn:aws:lambda:eu-west-1:1:function:dd", ""));

    RunSummary summary =
        TestClients.subscriber(client, accountMode().build()).unsubscribe(false, o -> {});

    assertThat(logs.requests("DescribeLogGroups").get(0).has("logGroupNamePrefix"))
        .as("every group is listed")
        .isFalse();
    assertThat(logs.requests("DeleteSubscriptionFilter"))
        .extracting(r -> r.get("logGroupName").asText() + " " + r.get("filterName").asText())
        .containsExactly("/aws/lambda/a noops-shipper", "/ecs/c noops-shipper");
    assertThat(summary.count(Action.UNSUBSCRIBED)).isEqualTo(2);
  }

  @Test
  void the_scheduled_reconcile_puts_the_policy_and_a_new_group_event_writes_nothing() {
    logs.groups(50, List.of(group("/aws/lambda/a")));
    logs.filters("/aws/lambda/a", filter("/aws/lambda/a", OURS, DEST, ""));
    Harness harness =
        new Harness(
            client,
            lambda,
            Map.of(
                "DESTINATION_ARN",
                DEST,
                "SUBSCRIPTION_MODE",
                "account-policy",
                "EXCLUDE_LOG_GROUPS",
                "/ecs/noisy",
                "AWS_LAMBDA_LOG_GROUP_NAME",
                SUBSCRIBER_GROUP));

    JsonNode created =
        harness.invokeResource("eventbridge-cloudtrail-CreateLogGroup.json", FakeContext.create());
    assertThat(created.get("status").asText()).isEqualTo("ignored");
    assertThat(logs.requests("PutSubscriptionFilter")).isEmpty();

    JsonNode result =
        harness.invokeResource("aws-lambda-java-libs__cloudwatch_event.json", FakeContext.create());

    assertThat(result.get("status").asText()).isEqualTo("ok");
    assertThat(logs.requests("PutAccountPolicy"))
        .singleElement()
        .satisfies(r -> assertThat(r.get("selectionCriteria").asText()).isEqualTo(CRITERIA));
    assertThat(logs.groupsOf("DeleteSubscriptionFilter")).containsExactly("/aws/lambda/a");
    assertThat(logs.requests("PutSubscriptionFilter")).isEmpty();
  }

  @Test
  void refuses_exclusions_beyond_the_selection_criteria_limits_naming_them() {
    SubscribeSettings.Builder many = accountMode();
    for (int i = 0; i < AccountPolicy.MAX_EXCLUDED_GROUPS; i++) {
      many.excludeGroup("/aws/lambda/excluded-" + i);
    }
    assertThatThrownBy(many::build)
        .isInstanceOf(SubscribeException.class)
        .hasMessageContaining("at most 50 log groups")
        .hasMessageContaining("53 are configured");

    SubscribeSettings.Builder long_ =
        SubscribeSettings.builder()
            .mode(SubscriptionMode.ACCOUNT_POLICY)
            .destinationArn("arn:aws:kinesis:eu-west-1:123456789012:stream/logs")
            .roleArn("arn:aws:iam::123456789012:role/cwl-to-kinesis");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      names.add("/g/" + String.format("%02d", i) + "x".repeat(507));
    }
    names.forEach(long_::excludeGroup);
    assertThatThrownBy(long_::build)
        .isInstanceOf(SubscribeException.class)
        .hasMessageContaining("at most 25600");

    assertThatThrownBy(() -> accountMode().excludeGroup("bad\"name").build())
        .isInstanceOf(SubscribeException.class)
        .hasMessageContaining("not a log group name");
  }

  @Test
  void refuses_per_group_selection_settings_in_account_policy_mode() {
    assertThatThrownBy(
            () -> accountMode().excludePrefix("/aws/lambda/test-").includeTag("team").build())
        .isInstanceOf(SubscribeException.class)
        .hasMessageContaining("exclude prefixes, tags");
    assertThat(accountMode().includePrefix("*").build().mode())
        .isEqualTo(SubscriptionMode.ACCOUNT_POLICY);
    assertThatThrownBy(
            () ->
                SubscribeSettings.fromEnvironment(
                    Map.of("DESTINATION_ARN", DEST, "SUBSCRIPTION_MODE", "both")))
        .isInstanceOf(SubscribeException.class)
        .hasMessageContaining("per-group or account-policy");
  }
}
