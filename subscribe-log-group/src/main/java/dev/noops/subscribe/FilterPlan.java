package dev.noops.subscribe;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The decision for one group from its current filters: no write, update ours in place, add ours, or
 * no room.
 *
 * @param kind what to do
 * @param held the other filters' names (for "held by")
 * @param why what differs, or what already delivers
 */
record FilterPlan(Kind kind, List<String> held, String why) {
  enum Kind {
    CURRENT,
    UPDATE,
    CREATE,
    FULL
  }

  static FilterPlan decide(
      List<SubscriptionFilter> filters, SubscribeSettings settings, SlotLimit slots) {
    Optional<SubscriptionFilter> ours =
        filters.stream().filter(f -> settings.filterName().equals(f.filterName())).findFirst();
    List<String> others =
        filters.stream()
            .map(SubscriptionFilter::filterName)
            .filter(n -> !settings.filterName().equals(n))
            .toList();
    if (ours.isPresent()) {
      Optional<String> difference = difference(ours.get(), settings);
      return difference
          .map(d -> new FilterPlan(Kind.UPDATE, others, d))
          .orElseGet(
              () ->
                  new FilterPlan(
                      Kind.CURRENT, others, "filter " + settings.filterName() + " is current"));
    }
    Optional<SubscriptionFilter> same =
        filters.stream().filter(f -> difference(f, settings).isEmpty()).findFirst();
    if (same.isPresent()) {
      return new FilterPlan(
          Kind.CURRENT,
          others,
          "filter " + same.get().filterName() + " already delivers to the destination");
    }
    if (slots.knownFull(others.size())) {
      return new FilterPlan(
          Kind.FULL, others, "no free subscription slot, held by " + String.join(", ", others));
    }
    return new FilterPlan(Kind.CREATE, others, "no filter of ours");
  }

  private static Optional<String> difference(SubscriptionFilter f, SubscribeSettings settings) {
    if (!settings.destination().arn().equals(f.destinationArn())) {
      return Optional.of("filter " + f.filterName() + " delivers elsewhere");
    }
    if (!settings.filterPattern().equals(Objects.requireNonNullElse(f.filterPattern(), ""))) {
      return Optional.of("filter " + f.filterName() + " has another pattern");
    }
    if (!Objects.equals(settings.roleArn().orElse(null), blankToNull(f.roleArn()))) {
      return Optional.of("filter " + f.filterName() + " has another role");
    }
    if (settings.distribution().isPresent()
        && !settings.distribution().get().equals(f.distribution())) {
      return Optional.of("filter " + f.filterName() + " has another distribution");
    }
    return Optional.empty();
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
