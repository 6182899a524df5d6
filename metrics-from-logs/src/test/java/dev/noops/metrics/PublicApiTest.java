package dev.noops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.testsupport.ApiSnapshot;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library's public surface is deliberate: api/noops-metrics-from-logs.api records it, at most
 * 10 types, and nothing users must not implement is open.
 */
class PublicApiTest {
  @Test
  void the_public_api_is_the_recorded_one() {
    ApiSnapshot.of("noops-metrics-from-logs", MetricsFromLogs.class)
        .assertRecorded(Path.of("api", "noops-metrics-from-logs.api"));
  }

  @Test
  void exposes_exactly_the_intended_ten_public_types() throws IOException, URISyntaxException {
    Path classes =
        Path.of(Monitoring.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("dev/noops/metrics");
    List<String> publicTypes;
    try (Stream<Path> files = Files.list(classes)) {
      publicTypes =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith(".class"))
              .map(n -> "dev.noops.metrics." + n.substring(0, n.length() - ".class".length()))
              .map(PublicApiTest::load)
              .filter(c -> c != null && isPublicApi(c))
              .map(Class::getCanonicalName)
              .sorted()
              .toList();
    }
    assertThat(publicTypes)
        .containsExactly(
            "dev.noops.metrics.DirectMetrics",
            "dev.noops.metrics.MalformedMonitoringLineException",
            "dev.noops.metrics.MetricType",
            "dev.noops.metrics.MetricsException",
            "dev.noops.metrics.MetricsFromLogs",
            "dev.noops.metrics.MetricsFromLogs.Builder",
            "dev.noops.metrics.MetricsInvocation",
            "dev.noops.metrics.Monitoring",
            "dev.noops.metrics.MonitoringLine",
            "dev.noops.metrics.PublishReport");
  }

  @Test
  void the_exception_family_is_sealed_and_the_classes_final() {
    assertThat(MetricsException.class.isSealed()).isTrue();
    for (Class<?> type :
        List.of(
            DirectMetrics.class,
            MetricsFromLogs.class,
            MetricsFromLogs.Builder.class,
            MetricsInvocation.class,
            Monitoring.class,
            MalformedMonitoringLineException.class)) {
      assertThat(Modifier.isFinal(type.getModifiers())).as(type.getName()).isTrue();
    }
  }

  private static boolean isPublicApi(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
      if (!Modifier.isPublic(c.getModifiers())) {
        return false;
      }
    }
    return !type.isAnonymousClass() && type.getCanonicalName() != null;
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, PublicApiTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return null;
    }
  }
}
