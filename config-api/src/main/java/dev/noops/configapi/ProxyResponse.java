package dev.noops.configapi;

import java.util.Map;

/** What the API answers: an API Gateway proxy integration response (body is JSON text or null). */
record ProxyResponse(int statusCode, Map<String, String> headers, String body) {
  ProxyResponse {
    headers = Map.copyOf(headers);
  }
}
