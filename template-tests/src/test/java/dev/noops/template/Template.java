package dev.noops.template;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * template.yaml as plain maps and lists, with CloudFormation's short-form tags kept as {@link
 * Intrinsic}s.
 */
record Template(Map<String, Object> root) {

  /**
   * {@code !Ref X} is {@code Intrinsic("Ref", "X")}, {@code !Sub [..]} is {@code Intrinsic("Sub",
   * List)}, and so on.
   */
  record Intrinsic(String function, Object argument) {}

  static Template load(Path file) {
    LoaderOptions options = new LoaderOptions();
    Yaml yaml = new Yaml(new CloudFormationConstructor(options));
    try (Reader reader = Files.newBufferedReader(file)) {
      return new Template(yaml.load(reader));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @SuppressWarnings("unchecked")
  Map<String, Map<String, Object>> resources() {
    return (Map<String, Map<String, Object>>) root.get("Resources");
  }

  Map<String, Map<String, Object>> resourcesOfType(String type) {
    Map<String, Map<String, Object>> matching = new LinkedHashMap<>();
    resources()
        .forEach(
            (name, resource) -> {
              if (type.equals(resource.get("Type"))) {
                matching.put(name, resource);
              }
            });
    return matching;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> parameters() {
    return (Map<String, Object>) root.get("Parameters");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Map<String, Object> resource) {
    return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
  }

  /**
   * Every value below {@code node}, with both branches of an {@code !If} and the arguments of other
   * intrinsics.
   */
  static Stream<Object> leaves(Object node) {
    if (node instanceof Map<?, ?> map) {
      return map.values().stream().flatMap(Template::leaves);
    }
    if (node instanceof List<?> list) {
      return list.stream().flatMap(Template::leaves);
    }
    if (node instanceof Intrinsic intrinsic) {
      return Stream.concat(Stream.of(intrinsic), leaves(intrinsic.argument()));
    }
    return Stream.of(node);
  }

  /**
   * The values a possibly conditional node can take: both branches of {@code !If}, the node
   * otherwise.
   */
  static List<Object> alternatives(Object node) {
    if (node instanceof Intrinsic intrinsic && intrinsic.function().equals("If")) {
      List<?> args = (List<?>) intrinsic.argument();
      List<Object> both = new ArrayList<>(alternatives(args.get(1)));
      both.addAll(alternatives(args.get(2)));
      return both;
    }
    return List.of(node);
  }

  static boolean isNoValue(Object node) {
    return node instanceof Intrinsic intrinsic
        && intrinsic.function().equals("Ref")
        && "AWS::NoValue".equals(intrinsic.argument());
  }

  private static final class CloudFormationConstructor extends SafeConstructor {
    CloudFormationConstructor(LoaderOptions options) {
      super(options);
      this.yamlMultiConstructors.put(
          "!",
          new AbstractConstruct() {
            @Override
            public Object construct(Node node) {
              String function = node.getTag().getValue().substring(1);
              Object argument;
              if (node instanceof ScalarNode scalar) {
                argument =
                    function.equals("GetAtt")
                        ? List.of(scalar.getValue().split("\\.", 2))
                        : scalar.getValue();
              } else if (node instanceof SequenceNode sequence) {
                argument = constructSequence(sequence);
              } else {
                argument = constructMapping((MappingNode) node);
              }
              return new Intrinsic(function, argument);
            }
          });
    }
  }
}
