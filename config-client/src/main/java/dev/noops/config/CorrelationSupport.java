package dev.noops.config;

import java.util.Optional;
import okhttp3.Interceptor;

/**
 * The {@code noops-correlation} OkHttp interceptor, when that jar is on the classpath, so that the
 * config API's logs carry the caller's correlation IDs. Looked up by name: config-client does not
 * depend on correlation.
 */
final class CorrelationSupport {
  static final String INTERCEPTOR = "dev.noops.correlation.CorrelationHttpInterceptor";

  private CorrelationSupport() {}

  static Optional<Interceptor> interceptorIfPresent(ClassLoader loader) {
    try {
      Class<?> type = Class.forName(INTERCEPTOR, true, loader);
      return Optional.of((Interceptor) type.getConstructor().newInstance());
    } catch (ClassNotFoundException | LinkageError absent) {
      return Optional.empty();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException("cannot use " + INTERCEPTOR + " from the correlation jar", e);
    }
  }
}
