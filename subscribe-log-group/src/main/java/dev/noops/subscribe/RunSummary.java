package dev.noops.subscribe;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
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
    return JsonText.object(
        g -> {
          g.writeObjectFieldStart("_aws");
          g.writeNumberField("Timestamp", at.toEpochMilli());
          g.writeArrayFieldStart("CloudWatchMetrics");
          g.writeStartObject();
          g.writeStringField("Namespace", NAMESPACE);
          g.writeArrayFieldStart("Dimensions");
          g.writeStartArray();
          g.writeString("Trigger");
          g.writeEndArray();
          g.writeEndArray();
          g.writeArrayFieldStart("Metrics");
          for (Action action : Action.values()) {
            metric(g, action.metricName());
          }
          for (SkipReason reason : SkipReason.values()) {
            metric(g, reason.metricName());
          }
          g.writeEndArray();
          g.writeEndObject();
          g.writeEndArray();
          g.writeEndObject();
          g.writeStringField("Trigger", trigger);
          g.writeStringField("message", "subscribe-log-group run summary");
          for (Action action : Action.values()) {
            g.writeNumberField(action.metricName(), count(action));
          }
          for (SkipReason reason : SkipReason.values()) {
            g.writeNumberField(reason.metricName(), skipped(reason));
          }
          g.writeArrayFieldStart("failedGroups");
          for (String group : failedGroups) {
            g.writeString(group);
          }
          g.writeEndArray();
          for (Map.Entry<String, Object> entry : extra.entrySet()) {
            JsonText.field(g, entry.getKey(), entry.getValue());
          }
        });
  }

  private static void metric(JsonGenerator g, String name) throws IOException {
    g.writeStartObject();
    g.writeStringField("Name", name);
    g.writeStringField("Unit", "Count");
    g.writeEndObject();
  }
}
