package dev.noops.logs;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;

/**
 * Sends a request again, once, when the cluster answers 401 or 403 and reading the {@link
 * ClusterSecret} again gave other credentials (the secret was rotated). Any other answer, and a
 * second refusal, go back to the caller unchanged.
 */
final class RefreshOnAuthFailure implements Transport {
  private final Transport delegate;
  private final ClusterSecret secret;

  RefreshOnAuthFailure(Transport delegate, ClusterSecret secret) {
    this.delegate = Objects.requireNonNull(delegate, "delegate == null");
    this.secret = Objects.requireNonNull(secret, "secret == null");
  }

  @Override
  public Response send(String method, String path, byte[] body, boolean gzipped, Duration timeout)
      throws IOException {
    Response response = delegate.send(method, path, body, gzipped, timeout);
    if ((response.status() == 401 || response.status() == 403) && secret.refresh()) {
      return delegate.send(method, path, body, gzipped, timeout);
    }
    return response;
  }
}
