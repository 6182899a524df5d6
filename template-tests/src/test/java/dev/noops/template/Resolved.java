package dev.noops.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transformed (plain CloudFormation JSON) template as one stack would get it: conditions
 * evaluated for given parameter values, resources whose condition is false left out, every {@code
 * Fn::If} replaced by its branch and {@code AWS::NoValue} removed. Values not known before deploy
 * (other resources' ARNs) stay intrinsics; {@link #text} renders them for checks of ARN shapes.
 */
@SuppressWarnings("unchecked")
final class Resolved {
  static final String REGION = "eu-west-1";
  static final String ACCOUNT = "123456789012";
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

  /** Resource types whose Ref is an ARN (for the others it is a name, id or URL). */
  private static final List<String> REF_IS_ARN =
      List.of(
          "AWS::Lambda::Alias",
          "AWS::SNS::Topic",
          "AWS::IAM::ManagedPolicy",
          "AWS::Lambda::Version");

  private final Map<String, Object> template;
  private final Map<String, String> parameters;
  private final Map<String, Boolean> conditions = new LinkedHashMap<>();
  final Map<String, Map<String, Object>> resources = new LinkedHashMap<>();

  Resolved(Map<String, Object> template, Map<String, String> parameters) {
    this.template = template;
    this.parameters = parameters;
    ((Map<String, Object>) template.getOrDefault("Conditions", Map.of()))
        .keySet()
        .forEach(this::condition);
    ((Map<String, Map<String, Object>>) template.get("Resources"))
        .forEach(
            (name, resource) -> {
              Object condition = resource.get("Condition");
              if (condition == null || condition((String) condition)) {
                resources.put(name, (Map<String, Object>) resolve(resource));
              }
            });
  }

  boolean condition(String name) {
    Boolean known = conditions.get(name);
    if (known == null) {
      Object definition = ((Map<String, Object>) template.get("Conditions")).get(name);
      if (definition == null) {
        throw new IllegalStateException("no condition " + name);
      }
      known = truth(definition);
      conditions.put(name, known);
    }
    return known;
  }

  Map<String, Map<String, Object>> ofType(String type) {
    Map<String, Map<String, Object>> matching = new LinkedHashMap<>();
    resources.forEach(
        (name, resource) -> {
          if (type.equals(resource.get("Type"))) {
            matching.put(name, resource);
          }
        });
    return matching;
  }

  static Map<String, Object> properties(Map<String, Object> resource) {
    return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
  }

  private boolean truth(Object node) {
    Map<String, Object> function = (Map<String, Object>) node;
    Map.Entry<String, Object> entry = function.entrySet().iterator().next();
    List<Object> args =
        entry.getValue() instanceof List<?> list ? (List<Object>) list : List.of(entry.getValue());
    return switch (entry.getKey()) {
      case "Fn::Equals" -> value(args.get(0)).equals(value(args.get(1)));
      case "Fn::Not" -> !truth(args.get(0));
      case "Fn::And" -> args.stream().allMatch(this::truth);
      case "Fn::Or" -> args.stream().anyMatch(this::truth);
      case "Condition" -> condition((String) args.get(0));
      default -> throw new UnsupportedOperationException("condition function " + entry.getKey());
    };
  }

  private String value(Object node) {
    if (node instanceof Map<?, ?> map && map.get("Ref") instanceof String name) {
      String value = parameters.get(name);
      if (value == null) {
        throw new IllegalStateException("no value for parameter " + name);
      }
      return value;
    }
    return String.valueOf(node);
  }

  /** The node with its Fn::If resolved and AWS::NoValue removed; null for AWS::NoValue itself. */
  Object resolve(Object node) {
    if (node instanceof Map<?, ?> map) {
      if (map.size() == 1 && map.get("Fn::If") instanceof List<?> branches) {
        return resolve(condition((String) branches.get(0)) ? branches.get(1) : branches.get(2));
      }
      if (map.size() == 1 && "AWS::NoValue".equals(map.get("Ref"))) {
        return null;
      }
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach(
          (key, value) -> {
            Object resolved = resolve(value);
            if (resolved != null) {
              copy.put((String) key, resolved);
            }
          });
      return copy;
    }
    if (node instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.stream().map(this::resolve).filter(item -> item != null).forEach(copy::add);
      return copy;
    }
    return node;
  }

  /**
   * A policy or property value as text: parameters and pseudo parameters substituted, another
   * resource's ARN as {@code arn:aws:<type>:REGION:ACCOUNT:<name>}, any other attribute or a Ref
   * that is not an ARN as {@code <name>} (so it fails an ARN check).
   */
  String text(Object node) {
    if (node instanceof String text) {
      return text;
    }
    Map<String, Object> function = (Map<String, Object>) node;
    if (function.get("Ref") instanceof String name) {
      return reference(name, null);
    }
    if (function.get("Fn::GetAtt") instanceof List<?> attribute) {
      return reference((String) attribute.get(0), (String) attribute.get(1));
    }
    if (function.containsKey("Fn::Sub")) {
      Object sub = function.get("Fn::Sub");
      String pattern = sub instanceof List<?> list ? (String) list.get(0) : (String) sub;
      Map<String, Object> variables =
          sub instanceof List<?> list ? (Map<String, Object>) list.get(1) : Map.of();
      Matcher m = SUB_VARIABLE.matcher(pattern);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String variable = m.group(1);
        String replacement =
            variables.containsKey(variable)
                ? text(variables.get(variable))
                : variable.contains(".")
                    ? reference(
                        variable.substring(0, variable.indexOf('.')),
                        variable.substring(variable.indexOf('.') + 1))
                    : reference(variable, null);
        m.appendReplacement(out, Matcher.quoteReplacement(replacement));
      }
      m.appendTail(out);
      return out.toString();
    }
    throw new UnsupportedOperationException("cannot render " + node);
  }

  private String reference(String name, String attribute) {
    String pseudo =
        switch (name) {
          case "AWS::Partition" -> "aws";
          case "AWS::Region" -> REGION;
          case "AWS::AccountId" -> ACCOUNT;
          case "AWS::URLSuffix" -> "amazonaws.com";
          case "AWS::StackName" -> "noops";
          default -> null;
        };
    if (pseudo != null) {
      return pseudo;
    }
    if (attribute == null && parameters.containsKey(name)) {
      return parameters.get(name);
    }
    Map<String, Object> resource = resources.get(name);
    if (resource == null) {
      throw new IllegalStateException("reference to " + name + ", which this stack does not have");
    }
    String type = (String) resource.get("Type");
    if ("Arn".equals(attribute) || (attribute == null && REF_IS_ARN.contains(type))) {
      return "arn:aws:"
          + type.split("::", -1)[1].toLowerCase(java.util.Locale.ROOT)
          + ":"
          + REGION
          + ":"
          + ACCOUNT
          + ":"
          + name;
    }
    return name + (attribute == null ? "" : "." + attribute);
  }
}
