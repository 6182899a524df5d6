package dev.noops.subscribe;

import static dev.noops.subscribe.SubscribeWireTest.DEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tag AND-mode, the include regex and exact-name exclusions, as the environment (and the template)
 * set them.
 */
class SelectionModesTest {
  static Selection selection(Map<String, String> extra) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("DESTINATION_ARN", DEST));
    env.putAll(extra);
    return new Selection(SubscribeSettings.fromEnvironment(env));
  }

  @Test
  void tag_match_all_needs_every_include_tag_and_any_needs_one() {
    Map<String, String> both = Map.of("team", "orders", "env", "prod");
    Map<String, String> one = Map.of("team", "orders", "env", "dev");
    Selection all = selection(Map.of("INCLUDE_TAGS", "team=orders,env=prod", "TAG_MATCH", "all"));
    Selection any = selection(Map.of("INCLUDE_TAGS", "team=orders,env=prod", "TAG_MATCH", "any"));

    assertThat(all.rejectByTags(both)).isEmpty();
    assertThat(all.rejectByTags(one)).contains("lacks include tag env=prod (all are required)");
    assertThat(any.rejectByTags(one)).isEmpty();
    assertThat(any.rejectByTags(Map.of("env", "dev"))).contains("carries none of the include tags");
    assertThat(
            selection(Map.of("INCLUDE_TAGS", "team", "EXCLUDE_TAGS", "legacy", "TAG_MATCH", "all"))
                .rejectByTags(Map.of("team", "x", "legacy", "1")))
        .contains("excluded by tag legacy");
  }

  @Test
  void the_include_regex_and_exact_exclusions_select_by_name() {
    Selection selection =
        selection(
            Map.of(
                "INCLUDE_PREFIXES",
                "*",
                "INCLUDE_REGEX",
                "-(prod|staging)$",
                "EXCLUDE_LOG_GROUPS",
                "/aws/lambda/orders-prod, /ecs/api-prod"));

    assertThat(selection.rejectByName("/aws/lambda/billing-prod")).isEmpty();
    assertThat(selection.rejectByName("/aws/lambda/billing-dev"))
        .contains("not matched by the include regex");
    assertThat(selection.rejectByName("/aws/lambda/orders-prod")).contains("excluded by name");
    assertThat(selection.rejectByName("/ecs/api-prod")).contains("excluded by name");
  }

  @Test
  void bad_selection_settings_are_refused_naming_the_setting() {
    assertThatThrownBy(() -> selection(Map.of("INCLUDE_REGEX", "(unclosed")))
        .isInstanceOf(SubscribeException.class)
        .hasMessageContaining("include regex does not compile");
    assertThatThrownBy(() -> selection(Map.of("TAG_MATCH", "most")))
        .isInstanceOf(SubscribeException.class)
        .hasMessageContaining("TAG_MATCH must be any or all");
  }
}
