package dev.noops.subscribe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which log groups the settings select, and which ones no setting can select (the loop guard). */
final class Selection {
  private final SubscribeSettings settings;

  Selection(SubscribeSettings settings) {
    this.settings = settings;
  }

  /**
   * Whether subscribing this group to the destination could loop: checked before anything else,
   * whatever the configuration.
   */
  boolean isProtected(String group) {
    return settings.protectedGroups().contains(group);
  }

  /** Why the name is not selected, or empty when it is. */
  Optional<String> rejectByName(String group) {
    boolean included =
        settings.includePrefixes().stream().anyMatch(p -> p.equals("*") || group.startsWith(p));
    if (!included) {
      return Optional.of("not under an include prefix");
    }
    if (settings.excludeGroups().contains(group)) {
      return Optional.of("excluded by name");
    }
    if (settings.includeRegex().map(r -> !r.matcher(group).find()).orElse(false)) {
      return Optional.of("not matched by the include regex");
    }
    for (String prefix : settings.excludePrefixes()) {
      if (group.startsWith(prefix)) {
        return Optional.of("excluded by prefix " + prefix);
      }
    }
    if (settings.excludeRegex().map(r -> r.matcher(group).find()).orElse(false)) {
      return Optional.of("excluded by regex");
    }
    return Optional.empty();
  }

  /** Why the tags deselect the group, or empty when they select it. */
  Optional<String> rejectByTags(Map<String, String> tags) {
    for (TagMatch exclude : settings.excludeTags()) {
      if (exclude.matches(tags)) {
        return Optional.of("excluded by tag " + exclude);
      }
    }
    if (settings.includeTags().isEmpty()) {
      return Optional.empty();
    }
    if (settings.allIncludeTags()) {
      return settings.includeTags().stream()
          .filter(t -> !t.matches(tags))
          .findFirst()
          .map(missing -> "lacks include tag " + missing + " (all are required)");
    }
    if (settings.includeTags().stream().noneMatch(t -> t.matches(tags))) {
      return Optional.of("carries none of the include tags");
    }
    return Optional.empty();
  }

  /**
   * The prefixes to list, shortest covering set in ASCII order ({@code *} alone lists everything).
   */
  List<String> listingPrefixes() {
    if (settings.includePrefixes().contains("*")) {
      return List.of("*");
    }
    List<String> sorted = new ArrayList<>(settings.includePrefixes().stream().distinct().toList());
    sorted.sort(Comparator.naturalOrder());
    List<String> covering = new ArrayList<>();
    for (String prefix : sorted) {
      if (covering.stream().noneMatch(prefix::startsWith)) {
        covering.add(prefix);
      }
    }
    return List.copyOf(covering);
  }
}
