package dev.noops.subscribe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.noops.testsupport.AwsWireMock;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scripts CloudWatch Logs (AWS JSON 1.1, {@code Logs_20140328.*}) on an {@link AwsWireMock}, per
 * log group: the listing, each group's filters, and the answers to writes.
 */
final class LogsStub {
  static final String LOGS = AwsWireMock.LOGS;
  static final String ACCOUNT = "123456789012";
  static final String REGION = "eu-west-1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger SCENARIOS = new AtomicInteger();

  private final AwsWireMock aws;

  LogsStub(AwsWireMock aws) {
    this.aws = aws;
    // defaults, overridden by any more specific stub: no filters, writes succeed
    stub(
        op("DescribeSubscriptionFilters").atPriority(100),
        ok(Map.of("subscriptionFilters", List.of())));
    stub(op("DescribeAccountPolicies").atPriority(100), ok(Map.of("accountPolicies", List.of())));
    for (String write :
        List.of(
            "PutSubscriptionFilter",
            "PutRetentionPolicy",
            "DeleteSubscriptionFilter",
            "PutAccountPolicy",
            "DeleteAccountPolicy")) {
      stub(op(write).atPriority(100), ok(Map.of()));
    }
  }

  /**
   * The listing: {@code groups} in pages of {@code pageSize}, page tokens "page-2", "page-3", ...
   */
  LogsStub groups(int pageSize, List<Map<String, Object>> groups) {
    int pages = Math.max(1, (groups.size() + pageSize - 1) / pageSize);
    for (int p = 0; p < pages; p++) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put(
          "logGroups", groups.subList(p * pageSize, Math.min(groups.size(), (p + 1) * pageSize)));
      if (p < pages - 1) {
        body.put("nextToken", "page-" + (p + 2));
      }
      MappingBuilder request =
          op("DescribeLogGroups")
              .withRequestBody(
                  p == 0
                      ? matchingJsonPath("$.nextToken", absent())
                      : matchingJsonPath("$.nextToken", equalTo("page-" + (p + 1))));
      stub(request.atPriority(10), ok(body));
    }
    return this;
  }

  /** A listing of groups by name only. */
  LogsStub groupNames(int pageSize, List<String> names) {
    return groups(pageSize, names.stream().map(LogsStub::group).toList());
  }

  /** Answers DescribeLogGroups for one exact-name look-up (the CreateLogGroup path). */
  LogsStub lookup(String name, List<Map<String, Object>> found) {
    stub(
        op("DescribeLogGroups")
            .withRequestBody(matchingJsonPath("$.logGroupNamePrefix", equalTo(name)))
            .atPriority(5),
        ok(Map.of("logGroups", found)));
    return this;
  }

  @SafeVarargs
  @SuppressWarnings("varargs") // only read, never stored or written to
  final LogsStub filters(String group, Map<String, Object>... filters) {
    stub(
        op("DescribeSubscriptionFilters")
            .withRequestBody(matchingJsonPath("$.logGroupName", equalTo(group)))
            .atPriority(5),
        ok(Map.of("subscriptionFilters", java.util.Arrays.stream(filters).toList())));
    return this;
  }

  LogsStub filtersAnswer(String group, ResponseDefinitionBuilder answer) {
    stub(
        op("DescribeSubscriptionFilters")
            .withRequestBody(matchingJsonPath("$.logGroupName", equalTo(group)))
            .atPriority(5),
        answer);
    return this;
  }

  /** Answers the writes of {@code operation} for {@code group} in turn; the last answer repeats. */
  LogsStub answers(String operation, String group, ResponseDefinitionBuilder... answers) {
    String scenario = "s" + SCENARIOS.incrementAndGet();
    for (int i = 0; i < answers.length; i++) {
      ScenarioMappingBuilder step =
          op(operation)
              .withRequestBody(matchingJsonPath("$.logGroupName", equalTo(group)))
              .atPriority(5)
              .inScenario(scenario)
              .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "step-" + i);
      if (i < answers.length - 1) {
        step = step.willSetStateTo("step-" + (i + 1));
      }
      aws.server().stubFor(step.willReturn(answers[i]));
    }
    return this;
  }

  /**
   * Answers every call of {@code operation} in turn, whatever the group; the last answer repeats.
   */
  LogsStub answersAll(String operation, ResponseDefinitionBuilder... answers) {
    String scenario = "s" + SCENARIOS.incrementAndGet();
    for (int i = 0; i < answers.length; i++) {
      ScenarioMappingBuilder step =
          op(operation)
              .atPriority(50)
              .inScenario(scenario)
              .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "step-" + i);
      if (i < answers.length - 1) {
        step = step.willSetStateTo("step-" + (i + 1));
      }
      aws.server().stubFor(step.willReturn(answers[i]));
    }
    return this;
  }

  List<JsonNode> requests(String operation) {
    return aws.jsonRequests(LOGS + "." + operation);
  }

  /** The log group names of the calls of {@code operation}, oldest first. */
  List<String> groupsOf(String operation) {
    return requests(operation).stream().map(r -> r.path("logGroupName").asText()).toList();
  }

  /** Counts of each group name across the calls of {@code operation}. */
  Map<String, Integer> countsOf(String operation) {
    Map<String, Integer> counts = new HashMap<>();
    groupsOf(operation).forEach(g -> counts.merge(g, 1, Integer::sum));
    return counts;
  }

  int writes() {
    return requests("PutSubscriptionFilter").size()
        + requests("PutRetentionPolicy").size()
        + requests("DeleteSubscriptionFilter").size();
  }

  static Map<String, Object> group(String name) {
    return group(name, null);
  }

  static Map<String, Object> group(String name, Integer retentionDays) {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("logGroupName", name);
    g.put("arn", "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + name + ":*");
    g.put("logGroupArn", "arn:aws:logs:" + REGION + ":" + ACCOUNT + ":log-group:" + name);
    g.put("creationTime", 1_700_000_000_000L);
    g.put("storedBytes", 0);
    g.put("metricFilterCount", 0);
    if (retentionDays != null) {
      g.put("retentionInDays", retentionDays);
    }
    return g;
  }

  static Map<String, Object> filter(String group, String name, String destination, String pattern) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("filterName", name);
    f.put("logGroupName", group);
    f.put("filterPattern", pattern);
    f.put("destinationArn", destination);
    f.put("distribution", "ByLogStream");
    f.put("creationTime", 1_700_000_000_000L);
    return f;
  }

  static ResponseDefinitionBuilder ok(Object body) {
    try {
      return aResponse()
          .withStatus(200)
          .withHeader("Content-Type", "application/x-amz-json-1.1")
          .withBody(JSON.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ResponseDefinitionBuilder error(int status, String type, String message) {
    return ok(Map.of("__type", type, "message", message))
        .withStatus(status)
        .withHeader("x-amzn-ErrorType", type);
  }

  static ResponseDefinitionBuilder throttled() {
    return error(400, "ThrottlingException", "Rate exceeded");
  }

  static ResponseDefinitionBuilder resourceLimit() {
    return error(400, "LimitExceededException", "Resource limit exceeded.");
  }

  static ResponseDefinitionBuilder reset() {
    return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
  }

  static List<String> names(String prefix, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(String.format("%s%05d", prefix, i));
    }
    return names;
  }

  private MappingBuilder op(String operation) {
    return post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(LOGS + "." + operation));
  }

  private void stub(MappingBuilder request, ResponseDefinitionBuilder answer) {
    aws.server().stubFor(request.willReturn(answer));
  }
}
