package dev.noops.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.noops.testsupport.AwsWireMock.LOGS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code noops subscribe} against scripted CloudWatch Logs, found through the standard endpoint
 * setting.
 */
class SubscribeCommandTest {
  static final String DEST = "arn:aws:lambda:eu-west-1:123456789012:function:noops-shipper";
  static final Map<String, String> AWS_SETTINGS =
      Map.of("aws.region", "eu-west-1", "aws.accessKeyId", "test", "aws.secretAccessKey", "test");
  static final ObjectMapper JSON = new ObjectMapper();
  static AwsWireMock aws;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void start() {
    aws = AwsWireMock.start();
    // the JVM twins of AWS_ENDPOINT_URL, AWS_REGION and the credential variables
    System.setProperty("aws.endpointUrl", aws.endpoint().toString());
    AWS_SETTINGS.forEach(System::setProperty);
  }

  @AfterAll
  static void stop() {
    System.clearProperty("aws.endpointUrl");
    AWS_SETTINGS.keySet().forEach(System::clearProperty);
    aws.close();
  }

  @BeforeEach
  void reset() {
    aws.reset();
    aws.stubJson(
        LOGS + ".DescribeSubscriptionFilters", Reply.ok(Map.of("subscriptionFilters", List.of())));
    aws.stubJson(LOGS + ".PutSubscriptionFilter", Reply.ok());
    aws.stubJson(LOGS + ".PutRetentionPolicy", Reply.ok());
    aws.stubJson(LOGS + ".DescribeAccountPolicies", Reply.ok(Map.of("accountPolicies", List.of())));
  }

  private int run(String... args) {
    CommandLine commandLine = Noops.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    return commandLine.execute(args);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static void listing(String... names) {
    List<Map<String, Object>> groups = new ArrayList<>();
    for (String name : names) {
      groups.add(
          Map.of(
              "logGroupName",
              name,
              "arn",
              "arn:aws:logs:eu-west-1:123456789012:log-group:" + name + ":*"));
    }
    aws.stubJson(LOGS + ".DescribeLogGroups", Reply.ok(Map.of("logGroups", groups)));
  }

  @SafeVarargs
  private static void filtersOf(String group, Map<String, Object>... filters) {
    List<Map<String, Object>> described = new java.util.ArrayList<>(filters.length);
    for (Map<String, Object> filter : filters) {
      described.add(filter);
    }
    aws.server()
        .stubFor(
            post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(LOGS + ".DescribeSubscriptionFilters"))
                .withRequestBody(matchingJsonPath("$.logGroupName", equalTo(group)))
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(
                            JSON.valueToTree(Map.of("subscriptionFilters", described))
                                .toString())));
  }

  private static Map<String, Object> foreignFilter(String group, String name) {
    return Map.of(
        "filterName",
        name,
        "logGroupName",
        group,
        "filterPattern",
        "",
        "destinationArn",
        "arn:aws:lambda:eu-west-1:123456789012:function:" + name);
  }

  @Test
  void the_dry_run_plans_a_group_whose_slots_are_full_as_the_real_run_does() {
    listing("/aws/lambda/free", "/aws/lambda/full");
    filtersOf("/aws/lambda/free", foreignFilter("/aws/lambda/free", "datadog"));
    filtersOf(
        "/aws/lambda/full",
        foreignFilter("/aws/lambda/full", "datadog"),
        foreignFilter("/aws/lambda/full", "splunk"));
    aws.server()
        .stubFor(
            post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(LOGS + ".PutSubscriptionFilter"))
                .withRequestBody(matchingJsonPath("$.logGroupName", equalTo("/aws/lambda/full")))
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(
                            "{\"__type\":\"LimitExceededException\",\"message\":\"Resource limit"
                                + " exceeded.\"}")));

    assertThat(run("subscribe", "--destination", DEST, "--dry-run")).isZero();
    List<String> plan =
        stdout().lines().map(line -> line.substring(0, line.lastIndexOf('\t'))).toList();
    assertThat(stderr()).contains("would subscribe 1").contains("would skip 1 (no_free_slot 1)");
    out.reset();
    err.reset();

    assertThat(run("subscribe", "--destination", DEST)).isZero();
    List<String> done =
        stdout().lines().map(line -> line.substring(0, line.lastIndexOf('\t'))).toList();
    assertThat(plan).containsExactly("/aws/lambda/free\tsubscribe", "/aws/lambda/full\tskip");
    assertThat(done).as("the real run did what the plan said").isEqualTo(plan);
  }

  @Test
  void a_dry_run_that_sees_a_group_with_more_filters_plans_room_beside_two() {
    listing("/aws/lambda/five", "/aws/lambda/two");
    filtersOf(
        "/aws/lambda/five",
        foreignFilter("/aws/lambda/five", "a"),
        foreignFilter("/aws/lambda/five", "b"),
        foreignFilter("/aws/lambda/five", "c"));
    filtersOf(
        "/aws/lambda/two",
        foreignFilter("/aws/lambda/two", "a"),
        foreignFilter("/aws/lambda/two", "b"));

    assertThat(run("subscribe", "--destination", DEST, "--dry-run")).isZero();

    assertThat(stdout().lines()).contains("/aws/lambda/two\tsubscribe\tno filter of ours");
  }

  @Test
  void dry_run_prints_one_plan_line_per_group_and_writes_nothing() {
    listing("/aws/lambda/a", "/aws/lambda/b", "/aws/lambda/noops-shipper", "/aws/lambda/test-c");
    filtersOf(
        "/aws/lambda/b",
        Map.of(
            "filterName",
            "noops-shipper",
            "logGroupName",
            "/aws/lambda/b",
            "filterPattern",
            "",
            "destinationArn",
            DEST));

    int exit =
        run("subscribe", "--destination", DEST, "--dry-run", "--exclude", "/aws/lambda/test-");

    assertThat(exit).isZero();
    assertThat(stdout().lines())
        .containsExactly(
            "/aws/lambda/a\tsubscribe\tno filter of ours",
            "/aws/lambda/b\talready\tfilter noops-shipper is current",
            "/aws/lambda/noops-shipper\tskip\tprotected: the destination's or the subscriber's own"
                + " log group (a log loop)",
            "/aws/lambda/test-c\tskip\texcluded by prefix /aws/lambda/test-");
    assertThat(stderr())
        .contains(
            "dry run, nothing written: 4 log groups, would subscribe 1, would update 0, already 1");
    assertThat(aws.jsonRequests(LOGS + ".PutSubscriptionFilter")).isEmpty();
    assertThat(aws.jsonRequests(LOGS + ".PutRetentionPolicy")).isEmpty();
  }

  @Test
  void account_policy_dry_run_prints_the_exact_request_and_writes_nothing() throws Exception {
    listing("/aws/lambda/a");
    filtersOf(
        "/aws/lambda/a",
        Map.of(
            "filterName",
            "noops-shipper",
            "logGroupName",
            "/aws/lambda/a",
            "filterPattern",
            "",
            "destinationArn",
            DEST));

    int exit =
        run(
            "subscribe",
            "--destination",
            DEST,
            "--account-policy",
            "--dry-run",
            "--exclude-group",
            "/ecs/noisy",
            "--filter-pattern",
            "-\"DEBUG\"");

    assertThat(exit).isZero();
    List<String> lines = stdout().lines().toList();
    Map<String, Object> document = new java.util.LinkedHashMap<>();
    document.put("DestinationArn", DEST);
    document.put("FilterPattern", "-\"DEBUG\"");
    document.put("Distribution", "Random");
    assertThat(JSON.readTree(lines.get(0)))
        .isEqualTo(
            JSON.valueToTree(
                Map.of(
                    "policyName",
                    "noops-shipper",
                    "policyDocument",
                    JSON.writeValueAsString(document),
                    "policyType",
                    "SUBSCRIPTION_FILTER_POLICY",
                    "selectionCriteria",
                    "LogGroupName NOT IN [\"/aws/lambda/noops-shipper\", \"/ecs/noisy\"]",
                    "scope",
                    "ALL")));
    assertThat(lines.subList(1, lines.size()))
        .containsExactly(
            "account-policy noops-shipper\twould put\tevery log group but the ones its selection"
                + " criteria exclude",
            "/aws/lambda/a\tunsubscribe\twould remove filter noops-shipper");
    assertThat(aws.jsonRequests(LOGS + ".PutAccountPolicy")).isEmpty();
    assertThat(aws.jsonRequests(LOGS + ".DeleteSubscriptionFilter")).isEmpty();
  }

  @Test
  void account_policy_run_puts_the_policy_then_removes_our_filters_and_a_foreign_policy_refuses() {
    listing("/aws/lambda/a");
    filtersOf(
        "/aws/lambda/a",
        Map.of(
            "filterName",
            "noops-shipper",
            "logGroupName",
            "/aws/lambda/a",
            "filterPattern",
            "",
            "destinationArn",
            DEST));
    aws.stubJson(LOGS + ".PutAccountPolicy", Reply.ok());
    aws.stubJson(LOGS + ".DeleteSubscriptionFilter", Reply.ok());

    assertThat(run("subscribe", "--destination", DEST, "--account-policy")).isZero();
    assertThat(aws.jsonRequests(LOGS + ".PutAccountPolicy"))
        .singleElement()
        .satisfies(r -> assertThat(r.get("scope").asText()).isEqualTo("ALL"));
    assertThat(aws.jsonRequests(LOGS + ".DeleteSubscriptionFilter"))
        .singleElement()
        .satisfies(r -> assertThat(r.get("filterName").asText()).isEqualTo("noops-shipper"));

    aws.stubJson(
        LOGS + ".DescribeAccountPolicies",
        Reply.ok(
            Map.of(
                "accountPolicies",
                List.of(
                    Map.of(
                        "policyName",
                        "someone-elses",
                        "policyType",
                        "SUBSCRIPTION_FILTER_POLICY",
                        "policyDocument",
                        "{}")))));
    out.reset();
    err.reset();
    assertThat(run("subscribe", "--destination", DEST, "--account-policy")).isEqualTo(1);
    assertThat(stderr()).contains("someone-elses").contains("one per account");
    assertThat(aws.jsonRequests(LOGS + ".PutAccountPolicy")).hasSize(1);
  }

  @Test
  void account_policy_refuses_per_group_selection_and_too_many_exclusions_before_any_call() {
    assertThat(
            run(
                "subscribe",
                "--destination",
                DEST,
                "--account-policy",
                "--exclude",
                "/aws/lambda/test-"))
        .isEqualTo(2);
    assertThat(stderr()).contains("account-policy mode covers every log group except exact names");
    List<String> args =
        new ArrayList<>(List.of("subscribe", "--destination", DEST, "--account-policy"));
    for (int i = 0; i < 50; i++) {
      args.add("--exclude-group");
      args.add("/aws/lambda/x" + i);
    }
    err.reset();
    assertThat(run(args.toArray(String[]::new))).isEqualTo(2);
    assertThat(stderr()).contains("at most 50 log groups");
    assertThat(aws.server().getAllServeEvents()).isEmpty();
  }

  @Test
  void a_per_group_run_removes_the_account_policy_noops_made_first() {
    listing("/aws/lambda/a");
    aws.stubJson(
        LOGS + ".DescribeAccountPolicies",
        Reply.ok(
            Map.of(
                "accountPolicies",
                List.of(
                    Map.of(
                        "policyName",
                        "noops-shipper",
                        "policyType",
                        "SUBSCRIPTION_FILTER_POLICY",
                        "policyDocument",
                        "{}")))));
    aws.stubJson(LOGS + ".DeleteAccountPolicy", Reply.ok());

    assertThat(run("subscribe", "--destination", DEST, "--rate", "1000")).isZero();

    assertThat(stdout().lines().toList())
        .startsWith(
            "account-policy noops-shipper\tremove\tper-group mode: the account policy noops made is"
                + " removed");
    assertThat(aws.jsonRequests(LOGS + ".DeleteAccountPolicy"))
        .singleElement()
        .satisfies(
            r -> assertThat(r.get("policyType").asText()).isEqualTo("SUBSCRIPTION_FILTER_POLICY"));
    assertThat(aws.jsonRequests(LOGS + ".PutSubscriptionFilter")).hasSize(1);
  }

  @Test
  void a_real_run_sends_the_options_to_aws_and_exits_0() {
    listing("/ecs/orders", "/ecs/orders-canary");

    int exit =
        run(
            "subscribe",
            "--destination",
            DEST,
            "--prefix",
            "/ecs/",
            "--exclude-regex",
            "canary$",
            "--filter-pattern",
            "?ERROR ?WARN",
            "--retention-days",
            "14",
            "--rate",
            "1000");

    assertThat(exit).isZero();
    List<JsonNode> puts = aws.jsonRequests(LOGS + ".PutSubscriptionFilter");
    assertThat(puts).hasSize(1);
    assertThat(puts.get(0).get("logGroupName").asText()).isEqualTo("/ecs/orders");
    assertThat(puts.get(0).get("filterPattern").asText()).isEqualTo("?ERROR ?WARN");
    assertThat(
            aws.jsonRequests(LOGS + ".DescribeLogGroups").get(0).get("logGroupNamePrefix").asText())
        .isEqualTo("/ecs/");
    assertThat(aws.jsonRequests(LOGS + ".PutRetentionPolicy").get(0).get("retentionInDays").asInt())
        .isEqualTo(14);
    assertThat(stdout())
        .contains("/ecs/orders\tsubscribe\tno filter of ours; retention never expire -> 14 days");
    assertThat(stderr()).contains("done: 2 log groups, subscribed 1");
  }

  @Test
  void a_group_that_fails_makes_the_exit_code_1_and_the_rest_are_still_done() {
    listing("/aws/lambda/a", "/aws/lambda/b");
    aws.server()
        .stubFor(
            post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(LOGS + ".PutSubscriptionFilter"))
                .withRequestBody(matchingJsonPath("$.logGroupName", equalTo("/aws/lambda/a")))
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withStatus(400)
                        .withHeader("x-amzn-ErrorType", "InvalidParameterException")
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(
                            "{\"__type\":\"InvalidParameterException\",\"message\":\"Could not"
                                + " execute the lambda function.\"}")));

    int exit = run("subscribe", "--destination", DEST, "--rate", "1000");

    assertThat(exit).isEqualTo(1);
    assertThat(stdout())
        .contains(
            "/aws/lambda/a\tfail\tInvalidParameterException: Could not execute the lambda"
                + " function.")
        .contains("/aws/lambda/b\tsubscribe");
    assertThat(stderr()).contains("failed 1");
  }

  @Test
  void long_runs_print_a_progress_line_on_stderr() {
    String[] names = new String[250];
    for (int i = 0; i < names.length; i++) {
      names[i] = String.format("/aws/lambda/fn-%03d", i);
    }
    listing(names);

    assertThat(run("subscribe", "--destination", DEST, "--dry-run", "--rate", "10000")).isZero();

    assertThat(stderr().lines().filter(l -> l.startsWith("progress: ")))
        .containsExactly(
            "progress: 100 log groups (would subscribe 100, would update 0, already 0, would skip"
                + " 0, failed 0)",
            "progress: 200 log groups (would subscribe 200, would update 0, already 0, would skip"
                + " 0, failed 0)");
    assertThat(stdout().lines()).hasSize(250);
  }

  @Test
  void a_refused_listing_exits_1_with_the_reason() {
    aws.stubJson(
        LOGS + ".DescribeLogGroups",
        Reply.error(
            400, "AccessDeniedException", "not authorized to perform: logs:DescribeLogGroups"));

    assertThat(run("subscribe", "--destination", DEST)).isEqualTo(1);
    assertThat(stderr()).contains("not authorized to perform: logs:DescribeLogGroups");
  }

  @Test
  void bad_usage_exits_2_naming_the_problem_and_calls_nothing() {
    assertThat(run("subscribe")).isEqualTo(2);
    assertThat(stderr()).contains("Missing required option: '--destination=ARN'");
    assertThat(
            run("subscribe", "--destination", "arn:aws:kinesis:eu-west-1:123456789012:stream/logs"))
        .isEqualTo(2);
    assertThat(stderr()).contains("needs a role ARN");
    assertThat(run("subscribe", "--destination", DEST, "--retention-days", "10")).isEqualTo(2);
    assertThat(stderr()).contains(": 10");
    assertThat(run("subscribe", "--destination", DEST, "--retention-days", "many")).isEqualTo(2);
    assertThat(run("subscribe", "--destination", DEST, "--exclude-regex", "(")).isEqualTo(2);
    assertThat(stderr()).contains("exclude regex does not compile");
    assertThat(aws.server().getAllServeEvents()).isEmpty();
  }

  @Test
  void subscribe_is_listed_in_the_help() {
    assertThat(run("--help")).isZero();
    assertThat(stdout()).contains("subscribe");
  }

  @Test
  void the_region_of_the_destination_arn_is_used_when_nothing_else_names_one() {
    aws.stubJson(LOGS + ".DescribeLogGroups", Reply.ok(Map.of("logGroups", List.of())));
    System.clearProperty("aws.region");
    try {
      assertThat(run("subscribe", "--destination", DEST, "--dry-run")).isZero();
      assertThat(stderr()).doesNotContain("Unable to load region").contains("would subscribe");
    } finally {
      System.setProperty("aws.region", AWS_SETTINGS.get("aws.region"));
    }
  }

  @Test
  void the_region_comes_from_aws_region_then_aws_default_region_then_the_profile_then_the_arn() {
    java.util.function.Supplier<java.util.Optional<String>> noProfile = java.util.Optional::empty;
    assertThat(CliAws.region(Map.of("AWS_DEFAULT_REGION", "eu-central-1"), null, noProfile, DEST))
        .contains("eu-central-1");
    assertThat(
            CliAws.region(
                Map.of("AWS_REGION", "us-east-2", "AWS_DEFAULT_REGION", "eu-central-1"),
                null,
                noProfile,
                DEST))
        .contains("us-east-2");
    assertThat(CliAws.region(Map.of(), "ap-south-1", noProfile, DEST)).contains("ap-south-1");
    assertThat(CliAws.region(Map.of(), null, () -> java.util.Optional.of("sa-east-1"), DEST))
        .contains("sa-east-1");
    assertThat(CliAws.region(Map.of(), null, noProfile, DEST)).contains("eu-west-1");
    assertThat(CliAws.region(Map.of(), null, noProfile, "not-an-arn")).isEmpty();
    assertThat(CliAws.region(Map.of(), null, noProfile, "arn:aws:lambda::123456789012:function:f"))
        .isEmpty();
  }

  @Test
  void sdk_failures_are_one_line_saying_what_to_set() {
    String chain =
        "Unable to load region from any of the providers in the chain"
            + " software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain@1:"
            + " [software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider@2: Unable to"
            + " load region from system settings. Region must be specified either via environment"
            + " variable (AWS_REGION) or  system property (aws.region).,"
            + " software.amazon.awssdk.regions.providers.AwsProfileRegionProvider@3: No region"
            + " provided in profile: default,"
            + " software.amazon.awssdk.regions.providers.InstanceProfileRegionProvider@4: EC2"
            + " Metadata is disabled. Unable to retrieve region information from EC2 Metadata"
            + " service.]";
    String described =
        CliAws.describe(software.amazon.awssdk.core.exception.SdkClientException.create(chain));
    assertThat(described).isEqualTo(CliAws.NO_REGION).doesNotContain("\n").hasSizeLessThan(120);
    assertThat(
            CliAws.describe(
                software.amazon.awssdk.core.exception.SdkClientException.create(
                    "Unable to load credentials from any of the providers in the chain"
                        + " AwsCredentialsProviderChain(...)")))
        .isEqualTo(CliAws.NO_CREDENTIALS);
  }
}
