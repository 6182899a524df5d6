package dev.noops.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * A datum's dimensions: {@code FunctionName} (from a {@code /aws/lambda/<name>} log group) plus the
 * line's tags, at most 30. Tags beyond that, and a tag that would override FunctionName, are dropped.
 *
 * @param dimensions name to value, sorted by name so equal sets aggregate together
 * @param droppedTags how many tags were dropped
 */
record Dimensions(Map<String, String> dimensions, int droppedTags) {
  static final int MAX = 30;
  static final String FUNCTION_NAME = "FunctionName";
  private static final String LAMBDA_LOG_GROUP = "/aws/lambda/";

  static Dimensions of(String functionName, Map<String, String> tags) {
    Map<String, String> dimensions = new TreeMap<>();
    if (functionName != null) {
      dimensions.put(FUNCTION_NAME, functionName);
    }
    int dropped = 0;
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      if (dimensions.size() == MAX || dimensions.containsKey(tag.getKey())) {
        dropped++;
      } else {
        dimensions.put(tag.getKey(), tag.getValue());
      }
    }
    return new Dimensions(dimensions, dropped);
  }

  /** The function a log group belongs to, or null for a group that is not a Lambda function's. */
  static String functionName(String logGroup) {
    if (logGroup == null || !logGroup.startsWith(LAMBDA_LOG_GROUP) || logGroup.length() == LAMBDA_LOG_GROUP.length()) {
      return null;
    }
    return logGroup.substring(LAMBDA_LOG_GROUP.length());
  }
}
