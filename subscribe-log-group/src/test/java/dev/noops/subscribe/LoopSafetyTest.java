package dev.noops.subscribe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.testsupport.AwsWireMock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A property over generated destinations, names and configurations (seeded, so a failure
 * reproduces): the destination's own log group and the subscriber's own are never subscribed,
 * whatever the selection says, and no call is even made for them.
 */
class LoopSafetyTest {
  private static final String NAME_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
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

  @BeforeEach
  void reset() {
    aws.reset();
    new LogsStub(aws);
  }

  @Test
  void no_generated_configuration_ever_subscribes_the_destinations_or_the_subscribers_own_group() {
    Random random = new Random(20261125L);
    for (int i = 0; i < 3_000; i++) {
      Case c = generate(random);
      LogGroupSubscriber subscriber =
          TestClients.subscriber(client, SubscribeSettings.fromEnvironment(c.env()));

      for (String own : c.ownGroups()) {
        GroupOutcome outcome = subscriber.subscribe(own, false);
        assertThat(outcome.action())
            .as("case %d %s: %s", i, c.env(), own)
            .isEqualTo(Action.SKIPPED);
        assertThat(outcome.skipReason())
            .as("case %d %s: %s", i, c.env(), own)
            .isEqualTo(SkipReason.PROTECTED);
      }
    }
    assertThat(aws.server().getAllServeEvents()).as("not one call for a protected group").isEmpty();
  }

  @Test
  void a_reconcile_over_listings_that_contain_the_own_groups_never_puts_them() {
    Random random = new Random(42L);
    for (int i = 0; i < 40; i++) {
      aws.reset();
      LogsStub logs = new LogsStub(aws);
      Case c = generate(random);
      List<String> listing = new ArrayList<>(c.ownGroups());
      for (int n = 0; n < 5; n++) {
        listing.add("/aws/lambda/" + name(random, 1 + random.nextInt(20)));
      }
      listing.sort(null);
      logs.groupNames(3, listing);

      TestClients.subscriber(client, SubscribeSettings.fromEnvironment(c.env()))
          .reconcile(false, o -> {});

      assertThat(logs.groupsOf("PutSubscriptionFilter"))
          .as("case %d %s", i, c.env())
          .doesNotContainAnyElementsOf(c.ownGroups());
      assertThat(logs.groupsOf("DescribeSubscriptionFilters"))
          .doesNotContainAnyElementsOf(c.ownGroups());
    }
  }

  record Case(Map<String, String> env, List<String> ownGroups) {}

  static Case generate(Random random) {
    Map<String, String> env = new HashMap<>();
    env.put("REQUESTS_PER_SECOND", "10000");
    String fn = name(random, 1 + random.nextInt(64));
    List<String> own = new ArrayList<>();
    switch (random.nextInt(3)) {
      case 0 -> {
        String qualifier =
            random.nextBoolean()
                ? ""
                : ":" + (random.nextBoolean() ? "live" : String.valueOf(random.nextInt(99) + 1));
        env.put(
            "DESTINATION_ARN", "arn:aws:lambda:eu-west-1:123456789012:function:" + fn + qualifier);
        own.add("/aws/lambda/" + fn);
      }
      case 1 -> {
        env.put("DESTINATION_ARN", "arn:aws:firehose:eu-west-1:123456789012:deliverystream/" + fn);
        env.put("ROLE_ARN", "arn:aws:iam::123456789012:role/cwl");
        own.add("/aws/kinesisfirehose/" + fn);
      }
      default -> {
        env.put("DESTINATION_ARN", "arn:aws-cn:lambda:cn-north-1:123456789012:function:" + fn);
        own.add("/aws/lambda/" + fn);
      }
    }
    String subscriberGroup = "/aws/lambda/" + name(random, 1 + random.nextInt(64));
    env.put("AWS_LAMBDA_LOG_GROUP_NAME", subscriberGroup);
    own.add(subscriberGroup);
    if (random.nextBoolean()) {
      String custom = "/custom/" + name(random, 8);
      env.put("PROTECTED_LOG_GROUPS", custom + "," + name(random, 4));
      own.add(custom);
    }
    // selections that would all include the own groups
    List<String> includes =
        List.of("*", "/aws/", "/", "/aws/lambda/", "/aws/kinesisfirehose/", "/custom/");
    env.put("INCLUDE_PREFIXES", String.join(",", pick(random, includes)));
    if (random.nextBoolean()) {
      env.put("EXCLUDE_PREFIXES", "/aws/lambda/zz-" + name(random, 3));
    }
    if (random.nextBoolean()) {
      env.put("EXCLUDE_REGEX", "^never-" + name(random, 5) + "$");
    }
    if (random.nextBoolean()) {
      env.put("FILTER_PATTERN", random.nextBoolean() ? "ERROR" : "");
    }
    return new Case(env, own);
  }

  private static List<String> pick(Random random, List<String> options) {
    List<String> picked = new ArrayList<>();
    for (String option : options) {
      if (random.nextInt(3) == 0) {
        picked.add(option);
      }
    }
    if (picked.isEmpty()) {
      picked.add("*");
    }
    return picked;
  }

  static String name(Random random, int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
    }
    return s.toString();
  }
}
