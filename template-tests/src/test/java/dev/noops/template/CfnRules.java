package dev.noops.template;

import dev.noops.template.Template.Intrinsic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What CloudFormation checks before it changes a stack: each parameter against its {@code
 * AllowedValues} / {@code AllowedPattern} (the whole value must match), then every rule of the
 * template's {@code Rules} section ({@code RuleCondition}, {@code Assertions}). Evaluates the rule
 * functions the template uses; any other function fails loudly instead of passing.
 */
final class CfnRules {
  private final Template template;

  CfnRules(Template template) {
    this.template = template;
  }

  /** The parameter values CloudFormation would use: the given ones over the defaults. */
  @SuppressWarnings("unchecked")
  Map<String, String> withDefaults(Map<String, String> given) {
    Map<String, String> values = new LinkedHashMap<>();
    template
        .parameters()
        .forEach(
            (name, definition) -> {
              Object fallback = ((Map<String, Object>) definition).get("Default");
              if (fallback != null) {
                values.put(name, String.valueOf(fallback));
              }
            });
    given.forEach(
        (name, value) -> {
          if (!template.parameters().containsKey(name)) {
            throw new IllegalArgumentException("the template has no parameter " + name);
          }
          values.put(name, value);
        });
    return values;
  }

  /**
   * Every refusal CloudFormation would give for these values: empty when the deploy may go ahead.
   */
  @SuppressWarnings("unchecked")
  List<String> refusals(Map<String, String> given) {
    Map<String, String> values = withDefaults(given);
    List<String> refusals = new ArrayList<>();
    template
        .parameters()
        .forEach(
            (name, raw) -> {
              Map<String, Object> definition = (Map<String, Object>) raw;
              String value = values.get(name);
              if (value == null) {
                refusals.add(name + ": required");
                return;
              }
              if (definition.get("AllowedValues") instanceof List<?> allowed
                  && !allowed.stream().map(String::valueOf).toList().contains(value)) {
                refusals.add(name + ": not an allowed value");
              }
              if (definition.get("AllowedPattern") instanceof String pattern
                  && !Pattern.compile(pattern).matcher(value).matches()) {
                refusals.add(name + ": does not match AllowedPattern");
              }
            });
    if (!refusals.isEmpty()) {
      return refusals; // CloudFormation stops at the parameters
    }
    Map<String, Object> rules =
        (Map<String, Object>) template.root().getOrDefault("Rules", Map.of());
    rules.forEach(
        (ruleName, raw) -> {
          Map<String, Object> rule = (Map<String, Object>) raw;
          if (rule.containsKey("RuleCondition") && !truth(rule.get("RuleCondition"), values)) {
            return;
          }
          for (Object assertion : (List<Object>) rule.get("Assertions")) {
            Map<String, Object> check = (Map<String, Object>) assertion;
            if (!truth(check.get("Assert"), values)) {
              refusals.add(ruleName + ": " + check.get("AssertDescription"));
            }
          }
        });
    return refusals;
  }

  private static boolean truth(Object node, Map<String, String> values) {
    Object result = evaluate(node, values);
    if (!(result instanceof Boolean bool)) {
      throw new IllegalStateException("a rule condition must be true or false, not " + result);
    }
    return bool;
  }

  private static Object evaluate(Object node, Map<String, String> values) {
    if (node instanceof Map<?, ?> map
        && map.size() == 1
        && map.keySet().iterator().next() instanceof String key
        && (key.startsWith("Fn::") || key.equals("Ref"))) {
      return evaluate(
          new Intrinsic(key.replace("Fn::", ""), map.values().iterator().next()), values);
    }
    if (node instanceof List<?> list) {
      return list.stream().map(item -> evaluate(item, values)).toList();
    }
    if (!(node instanceof Intrinsic intrinsic)) {
      return node instanceof Boolean ? node : String.valueOf(node);
    }
    Object argument = intrinsic.argument();
    return switch (intrinsic.function()) {
      case "Ref" -> {
        String value = values.get((String) argument);
        if (value == null) {
          throw new IllegalStateException("a rule refers to " + argument + ", which has no value");
        }
        yield value;
      }
      case "Equals" -> {
        List<?> pair = (List<?>) evaluate(argument, values);
        yield pair.get(0).equals(pair.get(1));
      }
      case "Not" -> !truth(((List<?>) argument).get(0), values);
      case "And" -> ((List<?>) argument).stream().allMatch(item -> truth(item, values));
      case "Or" -> ((List<?>) argument).stream().anyMatch(item -> truth(item, values));
      case "Contains" -> {
        List<?> pair = (List<?>) argument;
        yield ((List<?>) evaluate(pair.get(0), values)).contains(evaluate(pair.get(1), values));
      }
      default ->
          throw new UnsupportedOperationException(
              "rule function Fn::" + intrinsic.function() + " is not evaluated here");
    };
  }
}
