package dev.noops.subscribe;

import dev.noops.support.aws.AwsCallException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Brings one log group to the wanted state: read its filters first, write only what differs. */
final class GroupSubscriber {
  private final SubscribeSettings settings;
  private final Selection selection;
  private final PacedLogs logs;
  private final SlotLimit slots;

  GroupSubscriber(SubscribeSettings settings, PacedLogs logs, SlotLimit slots) {
    this.settings = settings;
    this.selection = new Selection(settings);
    this.logs = logs;
    this.slots = slots;
  }

  Selection selection() {
    return selection;
  }

  /** A group known only by name (a CreateLogGroup event). */
  GroupOutcome subscribe(String group, boolean dryRun) {
    Optional<GroupOutcome> early = screenByName(group);
    if (early.isPresent()) {
      return early.get();
    }
    try {
      if (settings.retentionDays().isEmpty() && !settings.selectsByTags()) {
        return subscribeSelected(new LogGroupInfo(group, null, null), false, dryRun);
      }
      Optional<LogGroupInfo> info = logs.findGroup(group);
      return info.isEmpty() ? gone(group) : subscribeScreened(info.get(), dryRun);
    } catch (AwsCallException e) {
      return failed(group, e);
    }
  }

  /** A group from a listing (its retention and ARN known). */
  GroupOutcome subscribe(LogGroupInfo group, boolean dryRun) {
    Optional<GroupOutcome> early = screenByName(group.name());
    if (early.isPresent()) {
      return early.get();
    }
    try {
      return subscribeScreened(group, dryRun);
    } catch (AwsCallException e) {
      return failed(group.name(), e);
    }
  }

  /** Removes our filter if it is there and points at our destination. */
  GroupOutcome unsubscribe(LogGroupInfo group, boolean dryRun) {
    try {
      Optional<SubscriptionFilter> ours =
          logs.filters(group.name()).stream()
              .filter(f -> settings.filterName().equals(f.filterName()))
              .filter(f -> settings.destination().arn().equals(f.destinationArn()))
              .findFirst();
      if (ours.isEmpty()) {
        return GroupOutcome.of(group.name(), Action.ALREADY, "no filter of ours");
      }
      if (!dryRun) {
        logs.deleteFilter(group.name(), settings.filterName());
      }
      return GroupOutcome.of(
          group.name(),
          Action.UNSUBSCRIBED,
          (dryRun ? "would remove filter " : "removed filter ") + settings.filterName());
    } catch (AwsCallException e) {
      return e.is(Faults.RESOURCE_NOT_FOUND) ? gone(group.name()) : failed(group.name(), e);
    }
  }

  private Optional<GroupOutcome> screenByName(String group) {
    if (selection.isProtected(group)) {
      return Optional.of(
          GroupOutcome.skipped(
              group,
              SkipReason.PROTECTED,
              "protected: the destination's or the subscriber's own log group (a log loop)"));
    }
    return selection
        .rejectByName(group)
        .map(why -> GroupOutcome.skipped(group, SkipReason.NOT_SELECTED, why));
  }

  private GroupOutcome subscribeScreened(LogGroupInfo group, boolean dryRun) {
    if (settings.selectsByTags()) {
      Map<String, String> tags = logs.tags(group.arn());
      Optional<String> rejected = selection.rejectByTags(tags);
      if (rejected.isPresent()) {
        return GroupOutcome.skipped(group.name(), SkipReason.NOT_SELECTED, rejected.get());
      }
    }
    return subscribeSelected(group, true, dryRun);
  }

  private GroupOutcome subscribeSelected(
      LogGroupInfo group, boolean retentionKnown, boolean dryRun) {
    List<SubscriptionFilter> filters;
    try {
      filters = logs.filters(group.name());
    } catch (AwsCallException e) {
      if (e.is(Faults.RESOURCE_NOT_FOUND)) {
        return gone(group.name());
      }
      throw e;
    }
    if (dryRun) {
      slots.observed(filters.size());
    }
    FilterPlan plan = FilterPlan.decide(filters, settings, slots);
    if (plan.kind() == FilterPlan.Kind.FULL) {
      return GroupOutcome.skipped(group.name(), SkipReason.NO_FREE_SLOT, plan.why());
    }
    if (dryRun && plan.kind() == FilterPlan.Kind.CREATE && slots.plannedFull(plan.held().size())) {
      // the real run's PutSubscriptionFilter would be refused: plan what it will do
      return GroupOutcome.skipped(
          group.name(),
          SkipReason.NO_FREE_SLOT,
          "no free subscription slot, held by "
              + String.join(", ", plan.held())
              + " (no group here holds more than "
              + plan.held().size()
              + " filters)");
    }
    Optional<Integer> retention =
        retentionKnown
            ? settings
                .retentionDays()
                .flatMap(
                    days ->
                        Retention.toWrite(group.retentionDays(), days, settings.forceRetention()))
            : Optional.empty();
    String retentionNote =
        retention
            .map(
                d ->
                    "; retention "
                        + Retention.describe(group.retentionDays())
                        + " -> "
                        + d
                        + " days")
            .orElse("");
    Action action =
        switch (plan.kind()) {
          case CURRENT -> Action.ALREADY;
          case UPDATE -> Action.UPDATED;
          default -> Action.SUBSCRIBED;
        };
    if (dryRun) {
      return GroupOutcome.of(group.name(), action, plan.why() + retentionNote);
    }
    if (action != Action.ALREADY) {
      Optional<GroupOutcome> refused = put(group.name(), plan);
      if (refused.isPresent()) {
        return refused.get();
      }
    }
    if (retention.isPresent()) {
      try {
        logs.putRetention(group.name(), retention.get());
      } catch (AwsCallException e) {
        if (e.is(Faults.RESOURCE_NOT_FOUND)) {
          return gone(group.name());
        }
        return GroupOutcome.of(
            group.name(),
            Action.FAILED,
            action.planVerb() + " done, retention failed: " + Faults.code(e));
      }
    }
    return GroupOutcome.of(group.name(), action, plan.why() + retentionNote);
  }

  private Optional<GroupOutcome> put(String group, FilterPlan plan) {
    boolean updating = plan.kind() == FilterPlan.Kind.UPDATE;
    int held = plan.held().size();
    try {
      logs.putFilter(request(group), limit -> !slots.couldBeFull(held, updating));
      if (!updating) {
        slots.accepted(held);
      }
      return Optional.empty();
    } catch (AwsCallException e) {
      return Optional.of(refused(group, plan, updating, e));
    }
  }

  private GroupOutcome refused(
      String group, FilterPlan plan, boolean updating, AwsCallException e) {
    int held = plan.held().size();
    return switch (e.errorCode()) {
      case Faults.RESOURCE_NOT_FOUND -> gone(group);
      case Faults.LIMIT_EXCEEDED -> {
        if (!slots.couldBeFull(held, updating)) {
          yield failed(group, e);
        }
        slots.full(held);
        yield GroupOutcome.skipped(
            group,
            SkipReason.NO_FREE_SLOT,
            "no free subscription slot, held by " + String.join(", ", plan.held()));
      }
      case Faults.INVALID_PARAMETER ->
          Faults.message(e).toLowerCase(Locale.ROOT).contains("reserved for the function logs")
              ? GroupOutcome.skipped(
                  group,
                  SkipReason.RESERVED_BY_AWS,
                  "AWS: reserved for the function logs of the destination function")
              : failed(group, e);
      default -> throw e;
    };
  }

  private FilterRequest request(String group) {
    return new FilterRequest(
        group,
        settings.filterName(),
        settings.filterPattern(),
        settings.destination().arn(),
        settings.roleArn().orElse(null),
        settings.distribution().orElse(null));
  }

  private static GroupOutcome gone(String group) {
    return GroupOutcome.skipped(group, SkipReason.GONE, "log group no longer exists");
  }

  private static GroupOutcome failed(String group, AwsCallException e) {
    String message = Faults.message(e);
    return GroupOutcome.of(
        group,
        Action.FAILED,
        Faults.code(e) + ": " + (message.length() > 200 ? message.substring(0, 200) : message));
  }
}
