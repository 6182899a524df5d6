package dev.noops.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kibana / OpenSearch Dashboards saved objects hang together and chart fields the shipper
 * writes.
 */
@SuppressWarnings("unchecked")
class DashboardsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Yaml JSON =
      new Yaml(new SafeConstructor(new LoaderOptions())); // JSON is YAML
  private static final List<String> JSON_MAPPINGS =
      List.of("json-flat-object.json", "json-flattened.json", "json-key-value.json");
  private static final Pattern QUERY_FIELD = Pattern.compile("([a-z@][a-z0-9_.@-]*):");

  private static List<Map<String, Object>> savedObjects() throws IOException {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (String line : Files.readAllLines(ROOT.resolve("dashboards/noops-lambda.ndjson"))) {
      if (!line.isBlank()) {
        objects.add(JSON.load(line));
      }
    }
    return objects;
  }

  @Test
  void every_reference_names_an_object_of_that_type_in_the_file() throws IOException {
    List<Map<String, Object>> objects = savedObjects();
    Map<String, String> typeById = new HashMap<>();
    objects.forEach(object -> typeById.put((String) object.get("id"), (String) object.get("type")));

    assertThat(typeById.values()).contains("index-pattern", "visualization", "search", "dashboard");
    for (Map<String, Object> object : objects) {
      for (Map<String, Object> reference : (List<Map<String, Object>>) object.get("references")) {
        assertThat(typeById.get((String) reference.get("id")))
            .as("%s → %s", object.get("id"), reference)
            .isEqualTo(reference.get("type"));
      }
    }
  }

  @Test
  void every_charted_or_queried_field_is_in_the_shippers_index_template() throws IOException {
    Set<String> used = new TreeSet<>();
    for (Map<String, Object> object : savedObjects()) {
      Map<String, Object> attributes = (Map<String, Object>) object.get("attributes");
      if (attributes.get("visState") instanceof String visState) {
        for (Map<String, Object> agg :
            (List<Map<String, Object>>) ((Map<String, Object>) JSON.load(visState)).get("aggs")) {
          Object field = ((Map<String, Object>) agg.get("params")).get("field");
          if (field != null) {
            used.add((String) field);
          }
        }
      }
      if (attributes.get("columns") instanceof List<?> columns) {
        columns.forEach(column -> used.add((String) column));
      }
      Map<String, Object> meta = (Map<String, Object>) attributes.get("kibanaSavedObjectMeta");
      if (meta == null) {
        continue; // the index pattern
      }
      Map<String, Object> search = JSON.load((String) meta.get("searchSourceJSON"));
      Matcher fields =
          QUERY_FIELD.matcher((String) ((Map<String, Object>) search.get("query")).get("query"));
      while (fields.find()) {
        used.add(fields.group(1));
      }
    }
    assertThat(used).isNotEmpty();
    for (String jsonMapping : JSON_MAPPINGS) {
      Set<String> mapped = mappedFields(jsonMapping);
      assertThat(mapped)
          .as("the %s fragment adds the json fields", jsonMapping)
          .contains("json", "json_num.key", "json_num.value");
      assertThat(used)
          .allSatisfy(
              field ->
                  assertThat(mapped.contains(field) || field.startsWith("labels."))
                      .as(field + " is mapped with " + jsonMapping)
                      .isTrue());
    }
  }

  @Test
  void every_aggregated_field_has_a_type_its_aggregation_accepts() throws IOException {
    Map<String, String> types = new HashMap<>();
    collectTypes(mappingProperties("json-flat-object.json"), "", types);
    int checked = 0;
    for (Map<String, Object> object : savedObjects()) {
      if (((Map<String, Object>) object.get("attributes")).get("visState")
          instanceof String visState) {
        for (Map<String, Object> agg :
            (List<Map<String, Object>>) ((Map<String, Object>) JSON.load(visState)).get("aggs")) {
          Object field = ((Map<String, Object>) agg.get("params")).get("field");
          if (field == null) {
            continue;
          }
          String type = types.get((String) field);
          Set<String> accepted =
              switch ((String) agg.get("type")) {
                case "terms" -> Set.of("keyword", "boolean");
                case "percentiles", "avg", "max", "min", "sum" ->
                    Set.of("long", "double", "integer", "float");
                default -> Set.of(type);
              };
          assertThat(accepted)
              .as("%s aggregation on %s (%s)", agg.get("type"), field, type)
              .contains(type);
          checked++;
        }
      }
    }
    assertThat(checked).isPositive();
  }

  private static void collectTypes(
      Map<String, Object> properties, String prefix, Map<String, String> types) {
    properties.forEach(
        (name, definition) -> {
          Map<String, Object> field = (Map<String, Object>) definition;
          if (field.get("properties") instanceof Map<?, ?> nested) {
            collectTypes((Map<String, Object>) nested, prefix + name + ".", types);
          } else {
            types.put(prefix + name, (String) field.get("type"));
          }
        });
  }

  private static Map<String, Object> mappingProperties(String jsonMapping) throws IOException {
    Path resources = ROOT.resolve("logs-to-elk/src/main/resources/dev/noops/logs");
    Map<String, Object> mapping =
        JSON.load(Files.readString(resources.resolve("log-mappings.json")));
    Map<String, Object> properties = (Map<String, Object>) mapping.get("properties");
    properties.putAll(JSON.load(Files.readString(resources.resolve(jsonMapping))));
    return properties;
  }

  /**
   * The log mapping as the shipper installs it on each kind of cluster: the base plus one json
   * fragment.
   */
  private static Set<String> mappedFields(String jsonMapping) throws IOException {
    Set<String> fields = new TreeSet<>();
    collect(mappingProperties(jsonMapping), "", fields);
    return fields;
  }

  private static void collect(Map<String, Object> properties, String prefix, Set<String> fields) {
    properties.forEach(
        (name, definition) -> {
          Map<String, Object> field = (Map<String, Object>) definition;
          if (field.get("properties") instanceof Map<?, ?> nested) {
            collect((Map<String, Object>) nested, prefix + name + ".", fields);
          } else {
            fields.add(prefix + name);
          }
        });
  }
}
