package dev.noops.subscribe;

import com.amazonaws.services.lambda.runtime.Context;
import dev.noops.support.aws.AwsCallException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deploy-time backfill as a CloudFormation custom resource. Create and Update backfill (handing
 * over to an asynchronous invocation when time runs low); Delete removes our filters when
 * configured. Every path answers the pre-signed URL exactly once, a watchdog answers just before
 * the invocation would time out, and Delete always answers SUCCESS so a rollback cannot strand the
 * stack.
 */
final class CustomResource {
  private static final Logger LOG = LoggerFactory.getLogger(CustomResource.class);
  private static final long WATCHDOG_MARGIN_MILLIS = 5_000;

  private final Supplier<SubscribeSettings> settings;
  private final Supplier<LogGroupSubscriber> subscriber;
  private final Backfill backfill;
  private final CfnResponder responder;

  CustomResource(
      Supplier<SubscribeSettings> settings,
      Supplier<LogGroupSubscriber> subscriber,
      Backfill backfill,
      CfnResponder responder) {
    this.settings = settings;
    this.subscriber = subscriber;
    this.backfill = backfill;
    this.responder = responder;
  }

  /** Handles the request and returns the status for the invocation result. */
  String handle(CustomResourceRequest request, Context context) {
    CfnResponder.Answer answer = responder.answerFor(request);
    boolean delete = request.requestType().equals("Delete");
    ScheduledExecutorService watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cfn-watchdog");
              t.setDaemon(true);
              return t;
            });
    // the last resort if a call hangs: answer before Lambda ends the invocation
    long fireIn = Math.max(0, context.getRemainingTimeInMillis() - WATCHDOG_MARGIN_MILLIS);
    ScheduledFuture<?> lastResort =
        watchdog.schedule(
            () -> answer.send(delete, "the subscriber ran out of time before finishing", Map.of()),
            fireIn,
            TimeUnit.MILLISECONDS);
    try {
      return switch (request.requestType()) {
        case "Create", "Update" -> create(answer, context);
        case "Delete" -> delete(answer, context);
        default -> {
          answer.send(false, "unknown RequestType: " + request.requestType(), Map.of());
          yield "failed";
        }
      };
    } catch (RuntimeException e) {
      LOG.atError()
          .setMessage("custom resource request failed")
          .addKeyValue("requestType", request.requestType())
          .addKeyValue("error", e.getClass().getSimpleName())
          .setCause(e)
          .log();
      answer.send(delete, reasonOf(e), Map.of());
      return "failed";
    } finally {
      lastResort.cancel(false);
      watchdog.shutdownNow();
    }
  }

  private String create(CfnResponder.Answer answer, Context context) {
    // switching modes removes only what noops made: its account policy, or its per-group filters
    boolean accountMode = subscriber.get().settings().mode() == SubscriptionMode.ACCOUNT_POLICY;
    PolicyAction policy =
        accountMode ? subscriber.get().applyAccountPolicy(false) : removeOldPolicy();
    Backfill.Outcome run =
        backfill.run(
            accountMode ? Reconciler.Mode.UNSUBSCRIBE : Reconciler.Mode.SUBSCRIBE,
            "custom-resource",
            Cursor.START,
            1,
            true,
            context);
    // a failed hand-over does not roll the stack back: the scheduled reconcile finishes the rest
    String rest =
        run.continued()
            ? "; continuing asynchronously"
            : run.handOverFailed()
                ? "; hand-over failed, the scheduled reconcile will finish the rest"
                : "";
    String policyNote =
        accountMode || policy == PolicyAction.REMOVED
            ? "account policy " + policy.name().toLowerCase(java.util.Locale.ROOT) + "; "
            : "";
    answer.send(
        true,
        policyNote
            + (accountMode ? "per-group filters: " : "backfill: ")
            + run.summary().describe()
            + rest,
        data(run.summary(), run.continued()));
    return "ok";
  }

  private String delete(CfnResponder.Answer answer, Context context) {
    SubscribeSettings current;
    try {
      current = settings.get();
    } catch (SubscribeException e) {
      answer.send(true, "nothing removed: " + e.getMessage(), Map.of());
      return "ok";
    }
    if (!current.unsubscribeOnDelete()) {
      answer.send(true, "filters left in place (UNSUBSCRIBE_ON_DELETE is off)", Map.of());
      return "ok";
    }
    if (current.mode() == SubscriptionMode.ACCOUNT_POLICY) {
      PolicyAction removed = subscriber.get().removeAccountPolicy(false);
      answer.send(
          true, "account policy " + removed.name().toLowerCase(java.util.Locale.ROOT), Map.of());
      return "ok";
    }
    // no hand-over: the stack is about to delete this very function
    Backfill.Outcome run =
        backfill.run(
            Reconciler.Mode.UNSUBSCRIBE, "custom-resource-delete", Cursor.START, 1, false, context);
    answer.send(
        true,
        "unsubscribe: "
            + run.summary().describe()
            + (run.complete() ? "" : "; stopped early, time ran out"),
        data(run.summary(), false));
    return "ok";
  }

  // per-group mode must deploy even where the role may not read account policies: the cleanup is
  // best effort
  private PolicyAction removeOldPolicy() {
    try {
      return subscriber.get().removeAccountPolicy(false);
    } catch (AwsCallException e) {
      LOG.atWarn()
          .setMessage("could not check for an account subscription policy of ours")
          .addKeyValue("error", e.getClass().getSimpleName())
          .log();
      return PolicyAction.ABSENT;
    }
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
    String message =
        e instanceof SubscribeException
            ? e.getMessage()
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
