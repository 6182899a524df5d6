package dev.noops.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.correlation.Correlation;
import dev.noops.testsupport.FakeContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@SuppressWarnings(
    "try") // Correlation.Scope resources are held for their scope only: closing them is the point
class CorrelationForwardingTest {
  @RegisterExtension final FakeConfigApi api = new FakeConfigApi();

  @Test
  void forwards_the_current_correlation_ids_when_the_correlation_jar_is_present() {
    api.put("/a", "v");
    Map<String, Object> event =
        Map.of(
            "resource",
            "/orders",
            "path",
            "/orders",
            "httpMethod",
            "GET",
            "headers",
            Map.of("X-Correlation-Id", "order-flow-7"),
            "requestContext",
            Map.of("requestId", "gw-request-1", "stage", "v1", "httpMethod", "GET"));
    try (ConfigClient client = api.client().build();
        Correlation.Scope scope = Correlation.begin(event, FakeContext.of("aws-request-1"))) {
      client.get("/a");
    }
    assertThat(api.requests())
        .extracting(r -> r.getHeaders().get("x-correlation-id"))
        .containsExactly("order-flow-7");
  }

  @Test
  void without_the_correlation_jar_no_interceptor_is_added_and_the_client_still_works()
      throws Exception {
    api.put("/a", "v");
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    java.util.List<java.net.URL> urls = new java.util.ArrayList<>();
    for (String entry : classPath.split(java.io.File.pathSeparator, -1)) {
      if (!entry.contains("noops-correlation")
          && !entry.replace('\\', '/').contains("/correlation/target/")) {
        urls.add(java.nio.file.Path.of(entry).toUri().toURL());
      }
    }
    try (java.net.URLClassLoader withoutCorrelation =
        new java.net.URLClassLoader(
            urls.toArray(java.net.URL[]::new), ClassLoader.getPlatformClassLoader())) {
      assertThat(
              withoutCorrelation.getResource(
                  "dev/noops/correlation/CorrelationHttpInterceptor.class"))
          .isNull();
      java.lang.reflect.Method probe =
          withoutCorrelation
              .loadClass("dev.noops.config.CorrelationSupport")
              .getDeclaredMethod("interceptorIfPresent");
      probe.setAccessible(true);
      assertThat((java.util.Optional<?>) probe.invoke(null)).isEmpty();

      Class<?> clientType = withoutCorrelation.loadClass("dev.noops.config.ConfigClient");
      Object builder = clientType.getMethod("builder").invoke(null);
      builder.getClass().getMethod("baseUrl", String.class).invoke(builder, api.url());
      builder.getClass().getMethod("apiKey", String.class).invoke(builder, FakeConfigApi.API_KEY);
      try (AutoCloseable client =
          (AutoCloseable) builder.getClass().getMethod("build").invoke(builder)) {
        assertThat(clientType.getMethod("get", String.class).invoke(client, "/a")).isEqualTo("v");
      }
    }
    assertThat(api.requests())
        .extracting(r -> r.getHeaders().get("x-correlation-id"))
        .containsOnlyNulls();
  }

  @Test
  void with_the_correlation_jar_the_interceptor_is_its_own() {
    assertThat(CorrelationSupport.interceptorIfPresent())
        .get()
        .isInstanceOf(dev.noops.correlation.CorrelationHttpInterceptor.class);
  }
}
