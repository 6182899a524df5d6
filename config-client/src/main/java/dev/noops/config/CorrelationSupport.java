package dev.noops.config;

import dev.noops.correlation.CorrelationHttpInterceptor;
import java.util.Optional;
import okhttp3.Interceptor;

/**
 * The {@code noops-correlation} OkHttp interceptor, when that jar is on the classpath, so that the
 * config API's logs carry the caller's correlation IDs. noops-correlation is an optional dependency
 * of this library (compiled against, never brought in): the compiler checks the link, and {@link
 * Linked} is only resolved when called, so without the jar its {@link NoClassDefFoundError} says
 * "absent". Chosen over a {@link java.util.ServiceLoader} hook, which would need a public SPI type
 * here (one more type users could implement) and a classpath scan on every build.
 */
final class CorrelationSupport {
  private CorrelationSupport() {}

  static Optional<Interceptor> interceptorIfPresent() {
    try {
      return Optional.of(Linked.interceptor());
    } catch (NoClassDefFoundError absent) {
      return Optional.empty();
    }
  }

  private static final class Linked {
    static Interceptor interceptor() {
      return new CorrelationHttpInterceptor();
    }
  }
}
