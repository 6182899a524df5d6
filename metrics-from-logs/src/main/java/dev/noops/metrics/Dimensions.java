package dev.noops.metrics;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A datum's dimensions: {@code FunctionName} (from a {@code /aws/lambda/<name>} log group, unless
 * turned off) plus the line's tags, at most 30, as CloudWatch accepts them. A tag with an empty
 * value (Datadog's {@code source:} or a bare {@code source}) keeps the metric and drops that
 * dimension; non-ASCII names and values are folded to ASCII where they can be; the reserved tag
 * {@value #FUNCTION_NAME_TAG} ({@code true}/{@code false}) chooses FunctionName for one line and is
 * never a dimension.
 *
 * @param dimensions name to value, sorted by name so equal sets aggregate together
 * @param droppedTags tags dropped: beyond 30, overriding FunctionName, or a bad reserved tag value
 * @param emptyValues tags dropped because their value was empty or blank
 * @param transliterated names or values folded to ASCII
 * @param rejection why the line cannot become a datum (a character with no ASCII form), or null
 */
record Dimensions(
    Map<String, String> dimensions,
    int droppedTags,
    int emptyValues,
    int transliterated,
    String rejection) {
  static final int MAX = 30;
  static final String FUNCTION_NAME = "FunctionName";
  static final String FUNCTION_NAME_TAG = "noops.function_name";
  private static final String LAMBDA_LOG_GROUP = "/aws/lambda/";

  static Dimensions of(String functionName, Map<String, String> tags) {
    return of(functionName, true, tags);
  }

  /** With {@code withFunctionName} the default for lines without the reserved tag. */
  static Dimensions of(String functionName, boolean withFunctionName, Map<String, String> tags) {
    Map<String, String> dimensions = new TreeMap<>();
    int dropped = 0;
    int empty = 0;
    int folded = 0;
    String reserved = tags.get(FUNCTION_NAME_TAG);
    if (reserved != null) {
      String choice = reserved.strip().toLowerCase(Locale.ROOT);
      if (choice.equals("true") || choice.equals("false")) {
        withFunctionName = choice.equals("true");
      } else {
        dropped++;
      }
    }
    if (functionName != null && withFunctionName) {
      dimensions.put(FUNCTION_NAME, functionName);
    }
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      if (tag.getKey().equals(FUNCTION_NAME_TAG)) {
        continue;
      }
      if (tag.getValue().isBlank()) {
        empty++;
        continue;
      }
      String key = Ascii.fold(tag.getKey());
      String value = Ascii.fold(tag.getValue());
      if (key == null || value == null || key.isBlank() || value.isBlank()) {
        return new Dimensions(
            Map.of(),
            0,
            0,
            0,
            "tag "
                + LineGrammar.shorten(tag.getKey())
                + " has a character CloudWatch cannot take (ASCII only)");
      }
      folded += (key.equals(tag.getKey()) ? 0 : 1) + (value.equals(tag.getValue()) ? 0 : 1);
      if (dimensions.size() == MAX || dimensions.containsKey(key)) {
        dropped++;
      } else {
        dimensions.put(key, value);
      }
    }
    return new Dimensions(dimensions, dropped, empty, folded, null);
  }

  /** The same dimensions without FunctionName: the fleet-wide rollup. */
  Map<String, String> withoutFunctionName() {
    Map<String, String> rollup = new TreeMap<>(dimensions);
    rollup.remove(FUNCTION_NAME);
    return rollup;
  }

  /** The function a log group belongs to, or null for a group that is not a Lambda function's. */
  static String functionName(String logGroup) {
    if (logGroup == null
        || !logGroup.startsWith(LAMBDA_LOG_GROUP)
        || logGroup.length() == LAMBDA_LOG_GROUP.length()) {
      return null;
    }
    return logGroup.substring(LAMBDA_LOG_GROUP.length());
  }
}
