package dev.noops.subscribe;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.support.Deadline;
import dev.noops.support.aws.AwsCallException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One invocation's share of a reconcile: works until the invocation's time runs low, then hands the
 * cursor to a new asynchronous invocation of this function; ends with the run's summary line.
 */
final class Backfill {
  private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);

  /** Kept free at the end of an invocation when the next one is started. */
  static final Duration HAND_OVER_MARGIN = Duration.ofSeconds(1);

  /** The key of the continuation payload. */
  static final String CONTINUATION = "noopsSubscribe";

  private final Supplier<LogGroupSubscriber> subscriber;
  private final SelfInvoker selfInvoker;
  private final SubscribeService.SummarySink summaries;
  private final Clock clock;
  private final Duration maxReserve;
  private final int maxGenerations;

  Backfill(
      Supplier<LogGroupSubscriber> subscriber,
      SelfInvoker selfInvoker,
      SubscribeService.SummarySink summaries,
      Clock clock,
      Duration maxReserve,
      int maxGenerations) {
    this.subscriber = subscriber;
    this.selfInvoker = selfInvoker;
    this.summaries = summaries;
    this.clock = clock;
    this.maxReserve = maxReserve;
    this.maxGenerations = maxGenerations;
  }

  /**
   * What one invocation did, whether it handed the rest over, and whether a needed hand-over
   * failed.
   */
  record Outcome(RunSummary summary, boolean continued, boolean complete, boolean handOverFailed) {}

  /** Runs from {@code from}; hands over when time runs low unless {@code mayContinue} is false. */
  Outcome run(
      Reconciler.Mode mode,
      String trigger,
      Cursor from,
      int generation,
      boolean mayContinue,
      Context context) {
    LogGroupSubscriber s = subscriber.get();
    long calls = s.calls();
    long retries = s.retries();
    Reconciler.Result run = s.run(mode, from, budget(context), Backfill::log);
    boolean continued = false;
    boolean handOverFailed = false;
    if (mayContinue && run.resume().isPresent()) {
      try {
        continued = handOver(mode, trigger, run.resume().get(), generation, context);
      } catch (AwsCallException | SubscribeException e) {
        handOverFailed = true;
        LOG.atError()
            .setMessage("could not hand the backfill over")
            .addKeyValue("error", e.getClass().getSimpleName())
            .addKeyValue("message", e.getMessage())
            .log();
      }
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("generation", generation);
    extra.put("continued", continued);
    extra.put("handOverFailed", handOverFailed);
    extra.put("complete", run.resume().isEmpty());
    extra.put("calls", s.calls() - calls);
    extra.put("retries", s.retries() - retries);
    summaries.accept(run.summary().toEmf(trigger, clock.instant(), extra));
    return new Outcome(run.summary(), continued, run.resume().isEmpty(), handOverFailed);
  }

  /** Summarises a run of one group (the CreateLogGroup trigger). */
  void summarise(String trigger, RunSummary summary, long calls, long retries) {
    summaries.accept(
        summary.toEmf(trigger, clock.instant(), Map.of("calls", calls, "retries", retries)));
  }

  /** Reads a continuation payload; empty when it is malformed. */
  static Optional<Continuation> parse(JsonNode state) {
    JsonNode c = state.path("cursor");
    JsonNode index = c.path("prefixIndex");
    JsonNode token = c.path("pageToken");
    JsonNode after = c.path("after");
    JsonNode generation = state.path("generation");
    Reconciler.Mode mode;
    try {
      mode = Reconciler.Mode.valueOf(state.path("mode").asText(""));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!index.isInt()
        || index.asInt() < 0
        || !nullOrText(token)
        || !nullOrText(after)
        || !generation.isInt()
        || generation.asInt() < 1) {
      return Optional.empty();
    }
    String trigger = state.path("trigger").asText("continuation");
    Cursor cursor =
        new Cursor(
            index.asInt(),
            token.isTextual() ? token.asText() : null,
            after.isTextual() ? after.asText() : null);
    return Optional.of(
        new Continuation(
            mode, trigger.length() > 64 ? "continuation" : trigger, cursor, generation.asInt()));
  }

  /** A parsed continuation payload. */
  record Continuation(Reconciler.Mode mode, String trigger, Cursor cursor, int generation) {}

  static void log(GroupOutcome outcome) {
    var event = outcome.action() == Action.FAILED ? LOG.atWarn() : LOG.atInfo();
    event
        .setMessage("log group " + outcome.action().planVerb())
        .addKeyValue("logGroup", outcome.group())
        .addKeyValue("reason", outcome.reason())
        .log();
  }

  private boolean handOver(
      Reconciler.Mode mode, String trigger, Cursor cursor, int generation, Context context) {
    if (generation >= maxGenerations) {
      LOG.atError()
          .setMessage("backfill stopped: too many continuations")
          .addKeyValue("generation", generation)
          .log();
      return false;
    }
    String payload =
        JsonText.object(
            g -> {
              g.writeObjectFieldStart(CONTINUATION);
              g.writeStringField("mode", mode.name());
              g.writeStringField("trigger", trigger);
              g.writeNumberField("generation", generation + 1);
              g.writeObjectFieldStart("cursor");
              g.writeNumberField("prefixIndex", cursor.prefixIndex());
              g.writeStringField("pageToken", cursor.pageToken());
              g.writeStringField("after", cursor.after());
              g.writeEndObject();
              g.writeEndObject();
            });
    Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(HAND_OVER_MARGIN);
    if (left.compareTo(PacedLogs.MIN_ATTEMPT) < 0) {
      throw new SubscribeException(
          "no time left to hand the backfill over (" + left.toMillis() + " ms)");
    }
    selfInvoker.invokeAsync(context.getInvokedFunctionArn(), payload, left);
    LOG.atInfo()
        .setMessage("handed the backfill to a new invocation")
        .addKeyValue("generation", generation + 1)
        .log();
    return true;
  }

  private Budget budget(Context context) {
    long reserve = reserveMillis(context);
    return () -> context.getRemainingTimeInMillis() < reserve;
  }

  /**
   * The deadline of this invocation's CloudWatch Logs calls: its remaining time less the reserve
   * kept for handing over and summarising (a quarter of it, at most {@code maxReserve}).
   */
  Deadline callDeadline(Context context) {
    return Deadline.after(
        Duration.ofMillis(context.getRemainingTimeInMillis() - reserveMillis(context)));
  }

  private long reserveMillis(Context context) {
    return Math.min(maxReserve.toMillis(), context.getRemainingTimeInMillis() / 4);
  }

  private static boolean nullOrText(JsonNode node) {
    return node.isNull() || node.isMissingNode() || node.isTextual();
  }
}
