package dev.noops.subscribe;

import static dev.noops.subscribe.LogsStub.error;
import static dev.noops.subscribe.LogsStub.filter;
import static dev.noops.subscribe.LogsStub.group;
import static dev.noops.subscribe.LogsStub.ok;
import static dev.noops.subscribe.LogsStub.resourceLimit;
import static dev.noops.subscribe.LogsStub.throttled;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.testsupport.AwsWireMock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One log group at a time against scripted CloudWatch Logs: filters first, then only the writes
 * needed.
 */
class SubscribeWireTest {
  static final String DEST = "arn:aws:lambda:eu-west-1:123456789012:function:noops-shipper";
  static final String OLD_DEST = "arn:aws:lambda:eu-west-1:123456789012:function:old-shipper";
  static final String OURS = SubscribeSettings.DEFAULT_FILTER_NAME;

  static AwsWireMock aws;
  static CloudWatchLogs client;
  LogsStub logs;

  @BeforeAll
  static void start() {
    aws = AwsWireMock.start();
    client = TestClients.logs(aws);
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

  static SubscribeSettings.Builder settings() {
    return SubscribeSettings.builder().destinationArn(DEST).requestsPerSecond(10_000);
  }

  LogGroupSubscriber subscriber(SubscribeSettings.Builder settings) {
    return TestClients.subscriber(client, settings.build());
  }

  List<GroupOutcome> reconcile(LogGroupSubscriber subscriber) {
    List<GroupOutcome> outcomes = new ArrayList<>();
    subscriber.reconcile(false, outcomes::add);
    return outcomes;
  }

  @Test
  void leaves_a_current_filter_alone_and_writes_nothing() {
    logs.filters("/aws/lambda/a", filter("/aws/lambda/a", OURS, DEST, ""));

    GroupOutcome outcome = subscriber(settings()).subscribe("/aws/lambda/a", false);

    assertThat(outcome.action()).isEqualTo(Action.ALREADY);
    assertThat(logs.writes()).isZero();
  }

  @Test
  void updates_our_stale_filter_in_place_under_the_same_name() {
    logs.filters(
        "/aws/lambda/a",
        filter("/aws/lambda/a", "datadog", "arn:aws:lambda:eu-west-1:123456789012:function:dd", ""),
        filter("/aws/lambda/a", OURS, OLD_DEST, "ERROR"));

    GroupOutcome outcome = subscriber(settings()).subscribe("/aws/lambda/a", false);

    assertThat(outcome.action()).isEqualTo(Action.UPDATED);
    List<JsonNode> puts = logs.requests("PutSubscriptionFilter");
    assertThat(puts).hasSize(1);
    assertThat(puts.get(0).get("filterName").asText()).isEqualTo(OURS);
    assertThat(puts.get(0).get("destinationArn").asText()).isEqualTo(DEST);
    assertThat(puts.get(0).get("filterPattern").asText()).isEmpty();
  }

  @Test
  void adds_our_filter_beside_a_foreign_one_when_a_slot_is_free() {
    logs.filters(
        "/aws/lambda/a",
        filter(
            "/aws/lambda/a", "datadog", "arn:aws:lambda:eu-west-1:123456789012:function:dd", ""));

    GroupOutcome outcome = subscriber(settings()).subscribe("/aws/lambda/a", false);

    assertThat(outcome.action()).isEqualTo(Action.SUBSCRIBED);
    assertThat(logs.groupsOf("PutSubscriptionFilter")).containsExactly("/aws/lambda/a");
  }

  @Test
  void a_foreign_filter_already_delivering_to_the_destination_counts_as_already() {
    logs.filters("/aws/lambda/a", filter("/aws/lambda/a", "manual", DEST, ""));

    GroupOutcome outcome = subscriber(settings()).subscribe("/aws/lambda/a", false);

    assertThat(outcome.action()).isEqualTo(Action.ALREADY);
    assertThat(outcome.reason()).contains("manual");
    assertThat(logs.writes()).isZero();
  }

  @Test
  void slot_limit_2_skips_full_groups_naming_the_holders_and_stops_asking_once_learned() {
    logs.groupNames(50, List.of("/aws/lambda/a-full", "/aws/lambda/b-full", "/aws/lambda/c-one"));
    logs.filters(
        "/aws/lambda/a-full",
        foreign("/aws/lambda/a-full", "datadog"),
        foreign("/aws/lambda/a-full", "splunk"));
    logs.filters(
        "/aws/lambda/b-full",
        foreign("/aws/lambda/b-full", "datadog"),
        foreign("/aws/lambda/b-full", "sumo"));
    logs.filters("/aws/lambda/c-one", foreign("/aws/lambda/c-one", "datadog"));
    logs.answers("PutSubscriptionFilter", "/aws/lambda/a-full", resourceLimit());

    List<GroupOutcome> outcomes = reconcile(subscriber(settings()));

    assertThat(outcomes)
        .extracting(GroupOutcome::action)
        .containsExactly(Action.SKIPPED, Action.SKIPPED, Action.SUBSCRIBED);
    assertThat(outcomes.get(0).reason())
        .isEqualTo("no free subscription slot, held by datadog, splunk");
    assertThat(outcomes.get(1).reason())
        .isEqualTo("no free subscription slot, held by datadog, sumo");
    assertThat(outcomes.get(0).skipReason()).isEqualTo(SkipReason.NO_FREE_SLOT);
    assertThat(logs.countsOf("PutSubscriptionFilter"))
        .as("one refused attempt teaches the limit; the second full group is not asked")
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("/aws/lambda/a-full", 1, "/aws/lambda/c-one", 1));
  }

  @Test
  void slot_limit_5_adds_beside_two_and_four_and_skips_at_five() {
    logs.groupNames(50, List.of("/aws/lambda/a-two", "/aws/lambda/b-four", "/aws/lambda/c-five"));
    logs.filters("/aws/lambda/a-two", foreigns("/aws/lambda/a-two", 2));
    logs.filters("/aws/lambda/b-four", foreigns("/aws/lambda/b-four", 4));
    logs.filters("/aws/lambda/c-five", foreigns("/aws/lambda/c-five", 5));
    logs.answers("PutSubscriptionFilter", "/aws/lambda/c-five", resourceLimit());

    List<GroupOutcome> outcomes = reconcile(subscriber(settings()));

    assertThat(outcomes)
        .extracting(GroupOutcome::action)
        .containsExactly(Action.SUBSCRIBED, Action.SUBSCRIBED, Action.SKIPPED);
    assertThat(outcomes.get(2).reason())
        .isEqualTo("no free subscription slot, held by f0, f1, f2, f3, f4");
    assertThat(logs.countsOf("PutSubscriptionFilter")).containsEntry("/aws/lambda/c-five", 1);
  }

  @Test
  void a_resource_limit_answer_below_a_proven_free_count_is_a_rate_limit_and_is_retried() {
    logs.groupNames(50, List.of("/aws/lambda/a-two", "/aws/lambda/b-two"));
    logs.filters("/aws/lambda/a-two", foreigns("/aws/lambda/a-two", 2));
    logs.filters("/aws/lambda/b-two", foreigns("/aws/lambda/b-two", 2));
    logs.answers("PutSubscriptionFilter", "/aws/lambda/b-two", resourceLimit(), ok(Map.of()));

    List<GroupOutcome> outcomes = reconcile(subscriber(settings()));

    assertThat(outcomes)
        .extracting(GroupOutcome::action)
        .containsExactly(Action.SUBSCRIBED, Action.SUBSCRIBED);
    assertThat(logs.countsOf("PutSubscriptionFilter")).containsEntry("/aws/lambda/b-two", 2);
  }

  @Test
  void a_resource_limit_answer_to_an_in_place_update_is_a_rate_limit_and_is_retried() {
    logs.filters(
        "/aws/lambda/a",
        foreign("/aws/lambda/a", "datadog"),
        filter("/aws/lambda/a", OURS, OLD_DEST, ""));
    logs.answers(
        "PutSubscriptionFilter", "/aws/lambda/a", resourceLimit(), resourceLimit(), ok(Map.of()));

    GroupOutcome outcome = subscriber(settings()).subscribe("/aws/lambda/a", false);

    assertThat(outcome.action()).isEqualTo(Action.UPDATED);
    assertThat(logs.requests("PutSubscriptionFilter")).hasSize(3);
  }

  @Test
  void a_resource_limit_answer_on_a_group_without_filters_is_retried_as_a_rate_limit() {
    logs.answers("PutSubscriptionFilter", "/aws/lambda/a", resourceLimit(), ok(Map.of()));

    GroupOutcome outcome = subscriber(settings()).subscribe("/aws/lambda/a", false);

    assertThat(outcome.action()).isEqualTo(Action.SUBSCRIBED);
    assertThat(logs.requests("PutSubscriptionFilter")).hasSize(2);
  }

  @Test
  void a_rate_exceeded_limit_answer_is_retried_even_beside_foreign_filters() {
    logs.filters("/aws/lambda/a", foreigns("/aws/lambda/a", 2));
    logs.answers(
        "PutSubscriptionFilter",
        "/aws/lambda/a",
        error(400, "LimitExceededException", "Rate exceeded"),
        ok(Map.of()));

    GroupOutcome outcome = subscriber(settings()).subscribe("/aws/lambda/a", false);

    assertThat(outcome.action()).isEqualTo(Action.SUBSCRIBED);
    assertThat(logs.requests("PutSubscriptionFilter")).hasSize(2);
  }

  @Test
  void a_group_deleted_between_list_and_put_is_skipped_as_gone_and_the_run_goes_on() {
    logs.groupNames(
        50,
        List.of(
            "/aws/lambda/a",
            "/aws/lambda/b-deleted",
            "/aws/lambda/c-deleted-earlier",
            "/aws/lambda/d"));
    logs.answers(
        "PutSubscriptionFilter",
        "/aws/lambda/b-deleted",
        error(400, "ResourceNotFoundException", "The specified log group does not exist."));
    logs.filtersAnswer(
        "/aws/lambda/c-deleted-earlier",
        error(400, "ResourceNotFoundException", "The specified log group does not exist."));

    List<GroupOutcome> outcomes = reconcile(subscriber(settings()));

    assertThat(outcomes)
        .extracting(GroupOutcome::action)
        .containsExactly(Action.SUBSCRIBED, Action.SKIPPED, Action.SKIPPED, Action.SUBSCRIBED);
    assertThat(outcomes.get(1).skipReason()).isEqualTo(SkipReason.GONE);
    assertThat(outcomes.get(2).skipReason()).isEqualTo(SkipReason.GONE);
    assertThat(logs.countsOf("PutSubscriptionFilter"))
        .doesNotContainKey("/aws/lambda/c-deleted-earlier")
        .containsEntry("/aws/lambda/b-deleted", 1);
  }

  @Test
  void a_throttling_storm_on_every_operation_is_ridden_out_and_every_group_is_subscribed_once() {
    List<String> names = LogsStub.names("/aws/lambda/fn-", 30);
    logs.groupNames(10, names);
    logs.answersAll(
        "DescribeSubscriptionFilters",
        throttled(),
        throttled(),
        throttled(),
        error(
            400, "OperationAbortedException", "A conflicting operation is currently in progress."),
        ok(Map.of("subscriptionFilters", List.of())));
    logs.answersAll(
        "PutSubscriptionFilter",
        throttled(),
        error(400, "LimitExceededException", "Rate exceeded"),
        throttled(),
        throttled(),
        ok(Map.of()),
        throttled(),
        ok(Map.of()));
    LogGroupSubscriber subscriber = subscriber(settings());

    List<GroupOutcome> outcomes = reconcile(subscriber);

    assertThat(outcomes).hasSize(30).allMatch(o -> o.action() == Action.SUBSCRIBED);
    assertThat(subscriber.retries()).as("4 failed reads, 5 failed writes").isEqualTo(9);
    assertThat(logs.groupsOf("PutSubscriptionFilter")).containsAll(names);
    assertThat(logs.requests("PutSubscriptionFilter")).hasSize(30 + 5);
  }

  @Test
  void server_errors_are_retried_and_a_persistent_one_fails_only_that_group() {
    logs.groupNames(50, List.of("/aws/lambda/a", "/aws/lambda/b-broken", "/aws/lambda/c"));
    logs.answers(
        "PutSubscriptionFilter",
        "/aws/lambda/a",
        error(500, "InternalFailure", "internal"),
        error(503, "ServiceUnavailableException", "unavailable"),
        LogsStub.reset(),
        ok(Map.of()));
    logs.answers(
        "PutSubscriptionFilter", "/aws/lambda/b-broken", error(500, "InternalFailure", "internal"));

    List<GroupOutcome> outcomes = reconcile(subscriber(settings()));

    assertThat(outcomes)
        .extracting(GroupOutcome::action)
        .containsExactly(Action.SUBSCRIBED, Action.FAILED, Action.SUBSCRIBED);
    assertThat(outcomes.get(1).reason()).startsWith("InternalFailure");
    assertThat(logs.countsOf("PutSubscriptionFilter"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "/aws/lambda/a",
                4,
                "/aws/lambda/b-broken",
                TestClients.FAST_RETRY.maxAttempts(),
                "/aws/lambda/c",
                1));
  }

  @Test
  void the_reserved_for_destination_answer_is_a_skip_not_an_error() {
    logs.answers(
        "PutSubscriptionFilter",
        "/aws/lambda/custom-shipper-group",
        error(
            400,
            "InvalidParameterException",
            "The log group provided is reserved for the function logs of the destination"
                + " function."));

    GroupOutcome outcome =
        subscriber(settings().includePrefix("*"))
            .subscribe("/aws/lambda/custom-shipper-group", false);

    assertThat(outcome.action()).isEqualTo(Action.SKIPPED);
    assertThat(outcome.skipReason()).isEqualTo(SkipReason.RESERVED_BY_AWS);
    assertThat(logs.requests("PutSubscriptionFilter")).hasSize(1);
  }

  @Test
  void another_invalid_parameter_answer_fails_the_group_without_retries() {
    logs.answers(
        "PutSubscriptionFilter",
        "/aws/lambda/a",
        error(
            400,
            "InvalidParameterException",
            "Could not execute the lambda function. Make sure you have given CloudWatch Logs"
                + " permission to execute your function."));

    GroupOutcome outcome = subscriber(settings()).subscribe("/aws/lambda/a", false);

    assertThat(outcome.action()).isEqualTo(Action.FAILED);
    assertThat(outcome.reason()).contains("permission");
    assertThat(logs.requests("PutSubscriptionFilter")).hasSize(1);
  }

  @Test
  void retention_is_set_where_none_and_raised_but_a_longer_one_is_never_shortened() {
    logs.groups(
        50,
        List.of(
            group("/aws/lambda/a-7", 7),
            group("/aws/lambda/b-30", 30),
            group("/aws/lambda/c-365", 365),
            group("/aws/lambda/d-forever", null)));

    reconcile(subscriber(settings().retentionDays(30)));

    List<JsonNode> retention = logs.requests("PutRetentionPolicy");
    assertThat(retention)
        .extracting(r -> r.get("logGroupName").asText())
        .containsExactly("/aws/lambda/a-7", "/aws/lambda/d-forever");
    assertThat(retention).extracting(r -> r.get("retentionInDays").asInt()).containsOnly(30);
  }

  @Test
  void forced_retention_also_shortens_a_longer_retention() {
    logs.groups(
        50,
        List.of(
            group("/aws/lambda/a-7", 7),
            group("/aws/lambda/b-30", 30),
            group("/aws/lambda/c-365", 365),
            group("/aws/lambda/d-forever", null)));

    reconcile(subscriber(settings().retentionDays(30).forceRetention(true)));

    assertThat(logs.groupsOf("PutRetentionPolicy"))
        .containsExactly("/aws/lambda/a-7", "/aws/lambda/c-365", "/aws/lambda/d-forever");
  }

  @Test
  void a_failed_retention_write_fails_the_group_after_subscribing_it() {
    logs.groups(50, List.of(group("/aws/lambda/a", 1)));
    logs.answers(
        "PutRetentionPolicy", "/aws/lambda/a", error(400, "AccessDeniedException", "not allowed"));

    List<GroupOutcome> outcomes = reconcile(subscriber(settings().retentionDays(14)));

    assertThat(outcomes.get(0).action()).isEqualTo(Action.FAILED);
    assertThat(outcomes.get(0).reason())
        .isEqualTo("subscribe done, retention failed: AccessDeniedException");
    assertThat(logs.requests("PutSubscriptionFilter")).hasSize(1);
  }

  @Test
  void a_kinesis_destination_sends_its_role_and_distribution() {
    String stream = "arn:aws:kinesis:eu-west-1:123456789012:stream/logs";
    String role = "arn:aws:iam::123456789012:role/cwl-to-kinesis";

    subscriber(
            SubscribeSettings.builder()
                .destinationArn(stream)
                .roleArn(role)
                .distribution("Random")
                .requestsPerSecond(10_000))
        .subscribe("/aws/lambda/a", false);

    JsonNode put = logs.requests("PutSubscriptionFilter").get(0);
    assertThat(put.get("roleArn").asText()).isEqualTo(role);
    assertThat(put.get("distribution").asText()).isEqualTo("Random");
    assertThat(put.get("destinationArn").asText()).isEqualTo(stream);
  }

  @Test
  void a_firehose_destination_with_another_role_on_our_filter_is_updated() {
    String firehose = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/logs";
    Map<String, Object> ours =
        new java.util.LinkedHashMap<>(filter("/aws/lambda/a", OURS, firehose, ""));
    ours.put("roleArn", "arn:aws:iam::123456789012:role/old");
    logs.filters("/aws/lambda/a", ours);

    GroupOutcome outcome =
        subscriber(
                SubscribeSettings.builder()
                    .destinationArn(firehose)
                    .roleArn("arn:aws:iam::123456789012:role/new")
                    .requestsPerSecond(10_000))
            .subscribe("/aws/lambda/a", false);

    assertThat(outcome.action()).isEqualTo(Action.UPDATED);
    assertThat(logs.requests("PutSubscriptionFilter").get(0).get("roleArn").asText())
        .endsWith("role/new");
  }

  @Test
  void tags_select_and_deselect_groups() {
    logs.groupNames(
        50, List.of("/aws/lambda/a-team", "/aws/lambda/b-other", "/aws/lambda/c-team-noship"));
    stubTags("/aws/lambda/a-team", Map.of("team", "orders"));
    stubTags("/aws/lambda/b-other", Map.of("team", "billing"));
    stubTags("/aws/lambda/c-team-noship", Map.of("team", "orders", "noops:ship", "false"));

    List<GroupOutcome> outcomes =
        reconcile(subscriber(settings().includeTag("team=orders").excludeTag("noops:ship=false")));

    assertThat(outcomes)
        .extracting(GroupOutcome::action)
        .containsExactly(Action.SUBSCRIBED, Action.SKIPPED, Action.SKIPPED);
    assertThat(outcomes.get(1).reason()).isEqualTo("carries none of the include tags");
    assertThat(outcomes.get(2).reason()).isEqualTo("excluded by tag noops:ship=false");
    assertThat(logs.groupsOf("PutSubscriptionFilter")).containsExactly("/aws/lambda/a-team");
    assertThat(
            aws.jsonRequests(LogsStub.LOGS + ".ListTagsForResource")
                .get(0)
                .get("resourceArn")
                .asText())
        .isEqualTo("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/a-team");
  }

  @Test
  void excluded_groups_cost_no_calls_beyond_the_listing() {
    logs.groupNames(50, List.of("/aws/lambda/a", "/aws/lambda/test-b", "/aws/lambda/c-canary"));

    List<GroupOutcome> outcomes =
        reconcile(
            subscriber(settings().excludePrefix("/aws/lambda/test-").excludeRegex("canary$")));

    assertThat(outcomes)
        .extracting(GroupOutcome::reason)
        .containsExactly(
            "no filter of ours", "excluded by prefix /aws/lambda/test-", "excluded by regex");
    assertThat(logs.groupsOf("DescribeSubscriptionFilters")).containsExactly("/aws/lambda/a");
  }

  @Test
  void lists_only_under_the_include_prefixes() {
    logs.groupNames(50, List.of());

    reconcile(
        subscriber(
            settings()
                .includePrefix("/aws/lambda/")
                .includePrefix("/aws/lambda/orders-")
                .includePrefix("/ecs/")));

    assertThat(logs.requests("DescribeLogGroups"))
        .extracting(r -> r.path("logGroupNamePrefix").asText())
        .containsExactly("/aws/lambda/", "/ecs/");
  }

  private void stubTags(String group, Map<String, String> tags) {
    aws.server()
        .stubFor(
            com.github.tomakehurst.wiremock.client.WireMock.post("/")
                .withHeader(
                    "X-Amz-Target",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                        LogsStub.LOGS + ".ListTagsForResource"))
                .withRequestBody(
                    com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath(
                        "$.resourceArn",
                        com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                            "arn:aws:logs:eu-west-1:123456789012:log-group:" + group)))
                .willReturn(ok(Map.of("tags", tags))));
  }

  static Map<String, Object> foreign(String group, String name) {
    return filter(group, name, "arn:aws:lambda:eu-west-1:123456789012:function:" + name, "");
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Map<String, Object>[] foreigns(String group, int count) {
    Map<String, Object>[] filters = new Map[count];
    for (int i = 0; i < count; i++) {
      filters[i] = foreign(group, "f" + i);
    }
    return filters;
  }
}
