package dev.noops.configapi;

import dev.noops.support.aws.AwsCredentials;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The AWS SDK's default credentials chain (profiles, SSO, container and instance credentials), for
 * where neither the system properties nor the environment hold credentials: a developer's machine,
 * or a SnapStart function, whose credentials come from the container endpoint. Its own class, so
 * that the SDK is loaded only when it is needed.
 */
final class SdkCredentials implements Supplier<AwsCredentials> {
  private final DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();

  /** The chain's current credentials (it caches and refreshes them). */
  @Override
  public AwsCredentials get() {
    software.amazon.awssdk.auth.credentials.AwsCredentials resolved = chain.resolveCredentials();
    return new AwsCredentials(
        resolved.accessKeyId(),
        resolved.secretAccessKey(),
        resolved instanceof AwsSessionCredentials session ? session.sessionToken() : null);
  }
}
