package dev.noops.subscribe;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Lambda does with each event: a CloudTrail CreateLogGroup event subscribes that group;
 * a scheduled event reconciles every group; a CloudFormation custom resource backfills (Create,
 * Update) or removes our filters (Delete, when configured) and always answers; a continuation
 * payload resumes a backfill that an earlier invocation handed over when its time ran low.
 */
final class SubscribeService {
  private static final Logger LOG = LoggerFactory.getLogger(SubscribeService.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String CONTINUATION = "noopsSubscribe";
  /** Log group names as CloudWatch Logs allows them: 1-512 of a-z, A-Z, 0-9, '_', '-', '/', '.', '#'. */
  private static final java.util.regex.Pattern GROUP_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_\\-/.#]{1,512}");

  private final Supplier<SubscribeSettings> settingsSource;
  private final Function<SubscribeSettings, LogGroupSubscriber> subscriberFactory;
  private final SelfInvoker selfInvoker;
  private final CfnResponder responder;
  private final SummarySink summaries;
  private final Clock clock;
  private final Duration maxReserve;
  private final int maxGenerations;
  private LogGroupSubscriber subscriber;

  SubscribeService(Supplier<SubscribeSettings> settingsSource, Function<SubscribeSettings, LogGroupSubscriber> subscriberFactory,
      SelfInvoker selfInvoker, CfnResponder responder, SummarySink summaries, Clock clock, Duration maxReserve, int maxGenerations) {
    this.settingsSource = settingsSource;
    this.subscriberFactory = subscriberFactory;
    this.selfInvoker = selfInvoker;
    this.responder = responder;
    this.summaries = summaries;
    this.clock = clock;
    this.maxReserve = maxReserve;
    this.maxGenerations = maxGenerations;
  }

  /** Receives the one summary line of each run (an EMF document). */
  @FunctionalInterface
  interface SummarySink {
    void accept(String emfLine);
  }

  /** Handles one event and returns a small JSON result. */
  String handle(JsonNode event, Context context) {
    if (event == null || !event.isObject()) {
      return ignored("the event is not a JSON object");
    }
    if (CustomResourceRequest.looksLikeOne(event)) {
      return customResource(CustomResourceRequest.of(event), context);
    }
    if (event.has(CONTINUATION)) {
      return continuation(event.get(CONTINUATION), context);
    }
    String source = event.path("source").asText("");
    String detailType = event.path("detail-type").asText("");
    if (source.equals("aws.logs") && detailType.equals("AWS API Call via CloudTrail")) {
      return createLogGroup(event.path("detail"));
    }
    if (source.equals("aws.events") && detailType.equals("Scheduled Event")) {
      return backfill(Reconciler.Mode.SUBSCRIBE, "reconcile", Cursor.START, 1, context);
    }
    return ignored("not a CreateLogGroup, scheduled, custom resource or continuation event");
  }

  private String createLogGroup(JsonNode detail) {
    if (!detail.path("eventName").asText("").equals("CreateLogGroup")) {
      return ignored("CloudTrail event is not CreateLogGroup");
    }
    JsonNode error = detail.path("errorCode");
    if (!error.isMissingNode() && !error.isNull()) {
      return ignored("CreateLogGroup failed in AWS (" + error.asText() + ")");
    }
    JsonNode name = detail.path("requestParameters").path("logGroupName");
    if (!name.isTextual() || !GROUP_NAME.matcher(name.asText()).matches()) {
      return ignored("CreateLogGroup event without a valid requestParameters.logGroupName");
    }
    LogGroupSubscriber s = subscriber();
    long calls = s.calls();
    long retries = s.retries();
    GroupOutcome outcome = s.subscribe(name.asText(), false);
    RunSummary summary = new RunSummary();
    summary.add(outcome);
    logOutcome(outcome);
    emit("CreateLogGroup", summary, s, calls, retries, Map.of());
    return result("CreateLogGroup", summary, false);
  }

  private String backfill(Reconciler.Mode mode, String trigger, Cursor from, int generation, Context context) {
    LogGroupSubscriber s = subscriber();
    long calls = s.calls();
    long retries = s.retries();
    Reconciler.Result run = s.run(mode, from, budget(context), this::logOutcome);
    boolean continued = run.resume().isPresent() && handOver(mode, trigger, run.resume().get(), generation, context);
    emit(trigger, run.summary(), s, calls, retries, Map.of("generation", generation, "continued", continued));
    return result(trigger, run.summary(), continued);
  }

  private boolean handOver(Reconciler.Mode mode, String trigger, Cursor cursor, int generation, Context context) {
    if (generation >= maxGenerations) {
      LOG.atError().setMessage("backfill stopped: too many continuations").addKeyValue("generation", generation).log();
      return false;
    }
    ObjectNode payload = JSON.createObjectNode();
    ObjectNode state = payload.putObject(CONTINUATION);
    state.put("mode", mode.name()).put("trigger", trigger).put("generation", generation + 1);
    ObjectNode c = state.putObject("cursor");
    c.put("prefixIndex", cursor.prefixIndex()).put("pageToken", cursor.pageToken()).put("after", cursor.after());
    selfInvoker.invokeAsync(context.getInvokedFunctionArn(), payload.toString());
    LOG.atInfo().setMessage("handed the backfill to a new invocation").addKeyValue("generation", generation + 1).log();
    return true;
  }

  private String continuation(JsonNode state, Context context) {
    Optional<Cursor> cursor = cursorOf(state.path("cursor"));
    JsonNode generation = state.path("generation");
    Reconciler.Mode mode;
    try {
      mode = Reconciler.Mode.valueOf(state.path("mode").asText(""));
    } catch (IllegalArgumentException e) {
      return ignored("continuation payload has no valid mode");
    }
    if (cursor.isEmpty() || !generation.canConvertToInt() || generation.asInt() < 1) {
      return ignored("malformed continuation payload");
    }
    String trigger = state.path("trigger").asText("continuation");
    return backfill(mode, trigger.length() > 64 ? "continuation" : trigger, cursor.get(), generation.asInt(), context);
  }

  private static Optional<Cursor> cursorOf(JsonNode c) {
    JsonNode index = c.path("prefixIndex");
    JsonNode token = c.path("pageToken");
    JsonNode after = c.path("after");
    if (!index.isInt() || index.asInt() < 0 || !(token.isNull() || token.isMissingNode() || token.isTextual())
        || !(after.isNull() || after.isMissingNode() || after.isTextual())) {
      return Optional.empty();
    }
    return Optional.of(new Cursor(index.asInt(), token.isTextual() ? token.asText() : null, after.isTextual() ? after.asText() : null));
  }

  private String customResource(CustomResourceRequest request, Context context) {
    CfnResponder.Answer answer = responder.answerFor(request);
    boolean delete = request.requestType().equals("Delete");
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cfn-watchdog");
      t.setDaemon(true);
      return t;
    });
    // the last resort if a call hangs: answer before Lambda kills the invocation
    long fireIn = Math.max(0, context.getRemainingTimeInMillis() - 5_000L);
    watchdog.schedule(() -> answer.send(delete, "the subscriber ran out of time before finishing", Map.of()), fireIn, TimeUnit.MILLISECONDS);
    try {
      return switch (request.requestType()) {
        case "Create", "Update" -> customBackfill(answer, context);
        case "Delete" -> customDelete(answer, context);
        default -> {
          answer.send(false, "unknown RequestType: " + request.requestType(), Map.of());
          yield ignored("custom resource request with an unknown RequestType");
        }
      };
    } catch (RuntimeException e) {
      LOG.atError().setMessage("custom resource request failed").addKeyValue("requestType", request.requestType())
          .addKeyValue("error", e.getClass().getSimpleName()).setCause(e).log();
      // a stack must not hang, and a Delete that fails would strand it: Delete always succeeds
      answer.send(delete, reasonOf(e), Map.of());
      return "{\"status\":\"failed\"}";
    } finally {
      watchdog.shutdownNow();
    }
  }

  private String customBackfill(CfnResponder.Answer answer, Context context) {
    LogGroupSubscriber s = subscriber();
    long calls = s.calls();
    long retries = s.retries();
    Reconciler.Result run = s.run(Reconciler.Mode.SUBSCRIBE, Cursor.START, budget(context), this::logOutcome);
    boolean continued = run.resume().isPresent() && handOver(Reconciler.Mode.SUBSCRIBE, "custom-resource", run.resume().get(), 1, context);
    emit("custom-resource", run.summary(), s, calls, retries, Map.of("generation", 1, "continued", continued));
    answer.send(true, "backfill: " + run.summary().describe() + (continued ? "; continuing asynchronously" : ""), data(run.summary(), continued));
    return result("custom-resource", run.summary(), continued);
  }

  private String customDelete(CfnResponder.Answer answer, Context context) {
    SubscribeSettings settings;
    try {
      settings = settingsSource.get();
    } catch (SubscribeException e) {
      answer.send(true, "nothing removed: " + e.getMessage(), Map.of());
      return ignored("Delete with an invalid configuration");
    }
    if (!settings.unsubscribeOnDelete()) {
      answer.send(true, "filters left in place (UNSUBSCRIBE_ON_DELETE is off)", Map.of());
      return "{\"status\":\"ok\"}";
    }
    LogGroupSubscriber s = subscriber();
    long calls = s.calls();
    long retries = s.retries();
    // no continuation: the stack is about to delete this very function
    Reconciler.Result run = s.run(Reconciler.Mode.UNSUBSCRIBE, Cursor.START, budget(context), this::logOutcome);
    emit("custom-resource-delete", run.summary(), s, calls, retries, Map.of("complete", run.resume().isEmpty()));
    answer.send(true, "unsubscribe: " + run.summary().describe() + (run.resume().isPresent() ? "; stopped early, time ran out" : ""),
        data(run.summary(), false));
    return result("custom-resource-delete", run.summary(), false);
  }

  private LogGroupSubscriber subscriber() {
    if (subscriber == null) {
      subscriber = subscriberFactory.apply(settingsSource.get());
    }
    return subscriber;
  }

  private Budget budget(Context context) {
    long reserve = Math.min(maxReserve.toMillis(), context.getRemainingTimeInMillis() / 4);
    return () -> context.getRemainingTimeInMillis() < reserve;
  }

  private void emit(String trigger, RunSummary summary, LogGroupSubscriber s, long callsBefore, long retriesBefore,
      Map<String, Object> extra) {
    Map<String, Object> all = new LinkedHashMap<>(extra);
    all.put("calls", s.calls() - callsBefore);
    all.put("retries", s.retries() - retriesBefore);
    summaries.accept(summary.toEmf(trigger, clock.instant(), all));
  }

  private void logOutcome(GroupOutcome outcome) {
    var event = outcome.action() == Action.FAILED ? LOG.atWarn() : LOG.atInfo();
    event.setMessage("log group " + outcome.action().planVerb()).addKeyValue("logGroup", outcome.group())
        .addKeyValue("reason", outcome.reason()).log();
  }

  private static Map<String, String> data(RunSummary summary, boolean continued) {
    Map<String, String> data = new LinkedHashMap<>();
    for (Action action : Action.values()) {
      data.put(action.metricName(), String.valueOf(summary.count(action)));
    }
    data.put("Continued", String.valueOf(continued));
    return data;
  }

  private static String reasonOf(RuntimeException e) {
    String message = e instanceof SubscribeException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  private static String ignored(String why) {
    LOG.atWarn().setMessage("event ignored").addKeyValue("reason", why).log();
    ObjectNode out = JSON.createObjectNode().put("status", "ignored").put("reason", why);
    return out.toString();
  }

  private static String result(String trigger, RunSummary summary, boolean continued) {
    return JSON.createObjectNode().put("status", "ok").put("trigger", trigger).put("summary", summary.describe())
        .put("continued", continued).toString();
  }
}
