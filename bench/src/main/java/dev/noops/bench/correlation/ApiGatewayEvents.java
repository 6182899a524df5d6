package dev.noops.bench.correlation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API Gateway REST (v1) proxy event of aws-lambda-go's {@code apigw-request.json} (the same
 * headers, multi-value headers and request context), as the Lambda runtime hands it to a {@code
 * Map<String, Object>} handler, plus five {@code x-correlation-*} IDs.
 */
final class ApiGatewayEvents {
  private ApiGatewayEvents() {}

  static Map<String, Object> withFiveIds() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(
        "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,*/*;q=0.8");
    headers.put("Accept-Encoding", "gzip, deflate, lzma, sdch, br");
    headers.put("Accept-Language", "en-US,en;q=0.8");
    headers.put("CloudFront-Forwarded-Proto", "https");
    headers.put("CloudFront-Is-Desktop-Viewer", "true");
    headers.put("CloudFront-Is-Mobile-Viewer", "false");
    headers.put("CloudFront-Is-SmartTV-Viewer", "false");
    headers.put("CloudFront-Is-Tablet-Viewer", "false");
    headers.put("CloudFront-Viewer-Country", "US");
    headers.put("Host", "wt6mne2s9k.execute-api.us-west-2.amazonaws.com");
    headers.put("Upgrade-Insecure-Requests", "1");
    headers.put(
        "User-Agent",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.82 "
            + "Safari/537.36 OPR/39.0.2256.48");
    headers.put("Via", "1.1 fb7cca60f0ecd82ce07790c9c5eef16c.cloudfront.net (CloudFront)");
    headers.put("X-Amz-Cf-Id", "nBsWBOrSHMgnaROZJK1wGCZ9PcRcSpq_oSXZNQwQ10OTZL4cimZo3g==");
    headers.put("X-Forwarded-For", "192.168.100.1, 192.168.1.1");
    headers.put("X-Forwarded-Port", "443");
    headers.put("X-Forwarded-Proto", "https");
    headers.put("X-Correlation-Id", "8f1c2a3e-5b7d-4e4f-9a0b-1c2d3e4f5a6b");
    headers.put("X-Correlation-User-Id", "user-1234567");
    headers.put("X-Correlation-Session-Id", "sess-89abcdef");
    headers.put("X-Correlation-Order-Id", "order-424242");
    headers.put("X-Correlation-Tenant-Id", "tenant-acme");
    headers.put("Call-Chain-Length", "2");
    headers.put("Debug-Log-Enabled", "false");
    Map<String, Object> multiValueHeaders = new LinkedHashMap<>();
    headers.forEach((name, value) -> multiValueHeaders.put(name, List.of(value)));

    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("sourceIp", "192.168.100.1");
    identity.put("userAgent", headers.get("User-Agent"));
    Map<String, Object> requestContext = new LinkedHashMap<>();
    requestContext.put("accountId", "123456789012");
    requestContext.put("resourceId", "us4z18");
    requestContext.put("stage", "test");
    requestContext.put("requestId", "deef4878-7910-11e6-8f14-25afc3e9ae33");
    requestContext.put("identity", identity);
    requestContext.put("resourcePath", "/{proxy+}");
    requestContext.put("httpMethod", "GET");
    requestContext.put("apiId", "wt6mne2s9k");

    Map<String, Object> event = new LinkedHashMap<>();
    event.put("resource", "/{proxy+}");
    event.put("path", "/hello/world");
    event.put("httpMethod", "GET");
    event.put("headers", headers);
    event.put("multiValueHeaders", multiValueHeaders);
    event.put("queryStringParameters", Map.of("name", "me"));
    event.put("pathParameters", Map.of("proxy", "hello/world"));
    event.put("requestContext", requestContext);
    event.put("body", null);
    event.put("isBase64Encoded", false);
    return event;
  }
}
