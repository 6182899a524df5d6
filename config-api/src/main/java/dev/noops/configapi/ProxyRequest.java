package dev.noops.configapi;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of an API Gateway REST (v1) proxy event the API reads. Headers are case-insensitive;
 * multi-value maps win over single-value ones when an event has both, as API Gateway fills both.
 */
record ProxyRequest(
    String httpMethod,
    String resource,
    String path,
    Map<String, String> pathParameters,
    Map<String, List<String>> query,
    Map<String, List<String>> headers,
    String body,
    boolean base64Encoded,
    Identity identity,
    String requestId) {

  ProxyRequest {
    pathParameters = Map.copyOf(pathParameters);
    query = Map.copyOf(query);
    TreeMap<String, List<String>> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> caseless.merge(name, List.copyOf(values), (a, b) -> b));
    headers = Collections.unmodifiableMap(caseless);
  }

  /** Who sent the request, as API Gateway saw it: an IAM principal, an API key, or neither. */
  record Identity(String userArn, String apiKeyId) {
    static final Identity NONE = new Identity(null, null);
  }

  /** The header's first value, or null. */
  String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The number of values the query parameter has. */
  int queryCount(String name) {
    List<String> values = query.get(name);
    return values == null ? 0 : values.size();
  }

  /** The query parameter's first value, or null. */
  String queryValue(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
