package dev.noops.subscribe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The counts of one run: subscribed, updated, already, unsubscribed, skipped by reason, failed. */
public final class RunSummary {
  /** The CloudWatch namespace of the run metrics. */
  public static final String NAMESPACE = "noops/subscribe-log-group";

  private static final int MAX_FAILED_NAMES = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<Action, Integer> actions = new EnumMap<>(Action.class);
  private final Map<SkipReason, Integer> skipped = new EnumMap<>(SkipReason.class);
  private final List<String> failedGroups = new ArrayList<>();

  /** An empty summary. */
  public RunSummary() {}

  /** Counts one group's outcome. */
  public synchronized void add(GroupOutcome outcome) {
    actions.merge(outcome.action(), 1, Integer::sum);
    if (outcome.skipReason() != null) {
      skipped.merge(outcome.skipReason(), 1, Integer::sum);
    }
    if (outcome.action() == Action.FAILED && failedGroups.size() < MAX_FAILED_NAMES) {
      failedGroups.add(outcome.group());
    }
  }

  /** How many groups ended with {@code action}. */
  public synchronized int count(Action action) {
    return actions.getOrDefault(action, 0);
  }

  /** How many groups were skipped for {@code reason}. */
  public synchronized int skipped(SkipReason reason) {
    return skipped.getOrDefault(reason, 0);
  }

  /** Every group counted. */
  public synchronized int total() {
    return actions.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The first failed groups' names (at most 20). */
  public synchronized List<String> failedGroups() {
    return List.copyOf(failedGroups);
  }

  /**
   * One line for people: {@code subscribed 3, updated 0, already 12, skipped 2 (...), failed 0}.
   */
  public synchronized String describe() {
    return describe(false);
  }

  /**
   * The same line for a plan ({@code planned}): {@code would subscribe 3, would update 0, already
   * 12, would skip 2 (...), failed 0}.
   */
  public synchronized String describe(boolean planned) {
    String would = planned ? "would " : "";
    StringBuilder s =
        new StringBuilder()
            .append(planned ? "would subscribe " : "subscribed ")
            .append(count(Action.SUBSCRIBED))
            .append(planned ? ", would update " : ", updated ")
            .append(count(Action.UPDATED))
            .append(", already ")
            .append(count(Action.ALREADY));
    if (count(Action.UNSUBSCRIBED) > 0) {
      s.append(planned ? ", would unsubscribe " : ", unsubscribed ")
          .append(count(Action.UNSUBSCRIBED));
    }
    s.append(", ")
        .append(would)
        .append(planned ? "skip " : "skipped ")
        .append(count(Action.SKIPPED));
    if (!skipped.isEmpty()) {
      List<String> parts = new ArrayList<>();
      skipped.forEach(
          (reason, n) -> parts.add(reason.name().toLowerCase(java.util.Locale.ROOT) + " " + n));
      s.append(" (").append(String.join(", ", parts)).append(')');
    }
    return s.append(", failed ").append(count(Action.FAILED)).toString();
  }

  /**
   * The run's summary as one CloudWatch Embedded Metric Format document: printed to stdout by a
   * Lambda it is both the summary log line and the metrics (CloudWatch extracts them; no
   * PutMetricData call). Dimension: {@code Trigger}.
   */
  public synchronized String toEmf(String trigger, Instant at, Map<String, Object> extra) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode aws = root.putObject("_aws");
    aws.put("Timestamp", at.toEpochMilli());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    directive.putArray("Dimensions").addArray().add("Trigger");
    ArrayNode metrics = directive.putArray("Metrics");
    root.put("Trigger", trigger);
    root.put("message", "subscribe-log-group run summary");
    for (Action action : Action.values()) {
      metrics.addObject().put("Name", action.metricName()).put("Unit", "Count");
      root.put(action.metricName(), count(action));
    }
    for (SkipReason reason : SkipReason.values()) {
      metrics.addObject().put("Name", reason.metricName()).put("Unit", "Count");
      root.put(reason.metricName(), skipped(reason));
    }
    ArrayNode failed = root.putArray("failedGroups");
    failedGroups.forEach(failed::add);
    extra.forEach((key, value) -> root.putPOJO(key, value));
    return root.toString();
  }
}
