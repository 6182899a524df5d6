package dev.noops.subscribe;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.noops.support.Deadline;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Lambda does with each event: a CloudTrail CreateLogGroup event subscribes that group; a
 * scheduled event reconciles every group; a CloudFormation custom resource request goes to {@link
 * CustomResource}; a continuation payload resumes a backfill an earlier invocation handed over.
 * Anything else is logged and ignored (a retry would not make it readable).
 */
final class SubscribeService {
  private static final Logger LOG = LoggerFactory.getLogger(SubscribeService.class);

  /**
   * Log group names as CloudWatch Logs allows them: 1-512 of a-z, A-Z, 0-9, '_', '-', '/', '.',
   * '#'.
   */
  private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_\\-/.#]{1,512}");

  private final Supplier<SubscribeSettings> settingsSource;
  private final Function<SubscribeSettings, LogGroupSubscriber> subscriberFactory;
  private final Backfill backfill;
  private final CustomResource customResource;
  private LogGroupSubscriber subscriber;
  private Deadline deadline = Deadline.none();

  SubscribeService(
      Supplier<SubscribeSettings> settingsSource,
      Function<SubscribeSettings, LogGroupSubscriber> subscriberFactory,
      SelfInvoker selfInvoker,
      CfnResponder responder,
      SummarySink summaries,
      Clock clock,
      Duration maxReserve,
      int maxGenerations) {
    this.settingsSource = settingsSource;
    this.subscriberFactory = subscriberFactory;
    this.backfill =
        new Backfill(this::subscriber, selfInvoker, summaries, clock, maxReserve, maxGenerations);
    this.customResource = new CustomResource(settingsSource, this::subscriber, backfill, responder);
  }

  /** Receives the one summary line of each run (an EMF document). */
  @FunctionalInterface
  interface SummarySink {
    void accept(String emfLine);
  }

  /** Handles one event (null when it was not JSON) and returns a small JSON result. */
  String handle(JsonNode event, Context context) {
    deadline = context == null ? Deadline.none() : backfill.callDeadline(context);
    if (subscriber != null) {
      subscriber.deadline(deadline);
    }
    if (event == null || !event.isObject()) {
      return ignored("the event is not a JSON object");
    }
    if (CustomResourceRequest.looksLikeOne(event)) {
      return status(customResource.handle(CustomResourceRequest.of(event), context));
    }
    if (event.has(Backfill.CONTINUATION)) {
      Optional<Backfill.Continuation> c = Backfill.parse(event.get(Backfill.CONTINUATION));
      return c.map(
              k ->
                  result(
                      k.trigger(),
                      backfill.run(
                          k.mode(), k.trigger(), k.cursor(), k.generation(), true, context)))
          .orElseGet(() -> ignored("malformed continuation payload"));
    }
    String source = event.path("source").asText("");
    String detailType = event.path("detail-type").asText("");
    if (source.equals("aws.logs") && detailType.equals("AWS API Call via CloudTrail")) {
      return createLogGroup(event.path("detail"));
    }
    if (source.equals("aws.events") && detailType.equals("Scheduled Event")) {
      if (accountPolicyMode()) {
        // the policy covers every group; the sweep removes per-group filters noops made before the
        // switch
        PolicyAction policy = subscriber().applyAccountPolicy(false);
        LOG.atInfo().setMessage("account subscription policy").addKeyValue("action", policy).log();
        return result(
            "reconcile",
            backfill.run(Reconciler.Mode.UNSUBSCRIBE, "reconcile", Cursor.START, 1, true, context));
      }
      return result(
          "reconcile",
          backfill.run(Reconciler.Mode.SUBSCRIBE, "reconcile", Cursor.START, 1, true, context));
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
    if (accountPolicyMode()) {
      return ignored("account-policy mode: the account subscription policy covers new log groups");
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
    Backfill.log(outcome);
    backfill.summarise("CreateLogGroup", summary, s.calls() - calls, s.retries() - retries);
    return JsonText.object(
        g -> {
          g.writeStringField("status", "ok");
          g.writeStringField("trigger", "CreateLogGroup");
          g.writeStringField("summary", summary.describe());
          g.writeBooleanField("continued", false);
        });
  }

  private boolean accountPolicyMode() {
    return subscriber().settings().mode() == SubscriptionMode.ACCOUNT_POLICY;
  }

  // built on first use, so that a bad configuration still lets a custom resource request be
  // answered
  private LogGroupSubscriber subscriber() {
    if (subscriber == null) {
      subscriber = subscriberFactory.apply(settingsSource.get());
      subscriber.deadline(deadline);
    }
    return subscriber;
  }

  private static String ignored(String why) {
    LOG.atWarn().setMessage("event ignored").addKeyValue("reason", why).log();
    return JsonText.object(
        g -> {
          g.writeStringField("status", "ignored");
          g.writeStringField("reason", why);
        });
  }

  private static String status(String status) {
    return JsonText.object(g -> g.writeStringField("status", status));
  }

  // an asynchronous invocation that fails is retried by Lambda, and redoing this share is harmless
  private static String result(String trigger, Backfill.Outcome outcome) {
    if (outcome.handOverFailed()) {
      throw new SubscribeException(
          "could not hand the "
              + trigger
              + " over to a new invocation; failing so Lambda retries it");
    }
    return JsonText.object(
        g -> {
          g.writeStringField("status", "ok");
          g.writeStringField("trigger", trigger);
          g.writeStringField("summary", outcome.summary().describe());
          g.writeBooleanField("continued", outcome.continued());
        });
  }
}
