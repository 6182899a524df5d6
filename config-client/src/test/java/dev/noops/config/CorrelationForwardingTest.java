package dev.noops.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.correlation.Correlation;
import dev.noops.testsupport.FakeContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CorrelationForwardingTest {
  @RegisterExtension
  final FakeConfigApi api = new FakeConfigApi();

  @Test
  void forwards_the_current_correlation_ids_when_the_correlation_jar_is_present() {
    api.put("/a", "v");
    Map<String, Object> event = Map.of("resource", "/orders", "path", "/orders", "httpMethod", "GET",
        "headers", Map.of("X-Correlation-Id", "order-flow-7"),
        "requestContext", Map.of("requestId", "gw-request-1", "stage", "v1", "httpMethod", "GET"));
    try (ConfigClient client = api.client().build();
         Correlation.Scope scope = Correlation.begin(event, FakeContext.of("aws-request-1"))) {
      client.get("/a");
    }
    assertThat(api.requests()).extracting(r -> r.getHeaders().get("x-correlation-id")).containsExactly("order-flow-7");
  }

  @Test
  void without_the_correlation_jar_no_interceptor_is_added() {
    ClassLoader withoutCorrelation = new ClassLoader(null) {};
    assertThat(CorrelationSupport.interceptorIfPresent(withoutCorrelation)).isEmpty();
  }
}
