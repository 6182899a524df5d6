package dev.noops.subscribe;

import static dev.noops.subscribe.LogsStub.filter;
import static dev.noops.subscribe.LogsStub.group;
import static dev.noops.subscribe.SubscribeWireTest.DEST;
import static dev.noops.subscribe.SubscribeWireTest.OLD_DEST;
import static dev.noops.subscribe.SubscribeWireTest.OURS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.testsupport.AwsWireMock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whole reconciles: a second one against the state the first left makes no writes; a dry run never
 * writes.
 */
class ReconcileTest {
  static AwsWireMock aws;
  static CloudWatchLogs client;

  @BeforeAll
  static void start() {
    aws = AwsWireMock.start();
    client = TestClients.logs(aws);
  }

  @AfterAll
  static void stop() {
    aws.close();
  }

  SubscribeSettings settings() {
    return SubscribeSettings.builder()
        .destinationArn(DEST)
        .retentionDays(30)
        .requestsPerSecond(10_000)
        .build();
  }

  @Test
  void a_second_reconcile_against_the_state_the_first_left_makes_no_write_calls() {
    aws.reset();
    LogsStub before = new LogsStub(aws);
    before.groups(
        2,
        List.of(
            group("/aws/lambda/a-new", null),
            group("/aws/lambda/b-stale", 30),
            group("/aws/lambda/c-current", 30),
            group("/aws/lambda/d-full", 90)));
    before.filters("/aws/lambda/b-stale", filter("/aws/lambda/b-stale", OURS, OLD_DEST, ""));
    before.filters("/aws/lambda/c-current", filter("/aws/lambda/c-current", OURS, DEST, ""));
    before.filters("/aws/lambda/d-full", SubscribeWireTest.foreigns("/aws/lambda/d-full", 2));
    before.answers("PutSubscriptionFilter", "/aws/lambda/d-full", LogsStub.resourceLimit());

    LogGroupSubscriber subscriber = TestClients.subscriber(client, settings());
    RunSummary first = subscriber.reconcile(false, o -> {});

    assertThat(first.describe())
        .isEqualTo("subscribed 1, updated 1, already 1, skipped 1 (no_free_slot 1), failed 0");
    assertThat(before.groupsOf("PutRetentionPolicy")).containsExactly("/aws/lambda/a-new");

    // the state the first run left behind
    aws.reset();
    LogsStub after = new LogsStub(aws);
    after.groups(
        2,
        List.of(
            group("/aws/lambda/a-new", 30),
            group("/aws/lambda/b-stale", 30),
            group("/aws/lambda/c-current", 30),
            group("/aws/lambda/d-full", 90)));
    for (String g : List.of("/aws/lambda/a-new", "/aws/lambda/b-stale", "/aws/lambda/c-current")) {
      after.filters(g, filter(g, OURS, DEST, ""));
    }
    after.filters("/aws/lambda/d-full", SubscribeWireTest.foreigns("/aws/lambda/d-full", 2));
    after.answers("PutSubscriptionFilter", "/aws/lambda/d-full", LogsStub.resourceLimit());

    RunSummary second = subscriber.reconcile(false, o -> {});

    assertThat(second.count(Action.ALREADY)).isEqualTo(3);
    assertThat(second.skipped(SkipReason.NO_FREE_SLOT)).isEqualTo(1);
    assertThat(after.writes())
        .as("same execution environment: the slot limit is already known")
        .isZero();

    // a cold start has to learn the slot limit again: one refused probe, nothing written
    TestClients.subscriber(client, settings()).reconcile(false, o -> {});
    assertThat(after.groupsOf("PutSubscriptionFilter")).containsExactly("/aws/lambda/d-full");
    assertThat(after.requests("PutRetentionPolicy")).isEmpty();
  }

  @Test
  void a_dry_run_reads_but_never_writes_and_says_what_it_would_do() {
    aws.reset();
    LogsStub logs = new LogsStub(aws);
    logs.groups(
        50,
        List.of(
            group("/aws/lambda/a-new", 7),
            group("/aws/lambda/b-stale", 30),
            group("/aws/lambda/noops-shipper", null),
            group("/aws/lambda/test-x", null)));
    logs.filters("/aws/lambda/b-stale", filter("/aws/lambda/b-stale", OURS, OLD_DEST, ""));
    List<String> lines = new ArrayList<>();

    SubscribeSettings settings =
        SubscribeSettings.builder()
            .destinationArn(DEST)
            .retentionDays(30)
            .excludePrefix("/aws/lambda/test-")
            .requestsPerSecond(10_000)
            .build();
    TestClients.subscriber(client, settings).reconcile(true, o -> lines.add(o.planLine()));

    assertThat(lines)
        .containsExactly(
            "/aws/lambda/a-new\tsubscribe\tno filter of ours; retention 7 days -> 30 days",
            "/aws/lambda/b-stale\tupdate\tfilter noops-shipper delivers elsewhere",
            "/aws/lambda/noops-shipper\tskip\tprotected: the destination's or the subscriber's own"
                + " log group (a log loop)",
            "/aws/lambda/test-x\tskip\texcluded by prefix /aws/lambda/test-");
    assertThat(logs.writes()).isZero();
  }
}
