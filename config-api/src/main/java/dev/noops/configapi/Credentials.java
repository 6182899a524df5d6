package dev.noops.configapi;

import dev.noops.lambda.Lazy;
import dev.noops.support.aws.AwsCredentials;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Where the calls to DynamoDB and KMS take their credentials: the system properties or the
 * environment (Lambda sets {@code AWS_ACCESS_KEY_ID} and friends), read without the AWS SDK; else
 * the SDK's default chain ({@link SdkCredentials}), built at the first call that needs it.
 */
final class Credentials implements Supplier<AwsCredentials> {
  private final AwsCredentials fixed;
  private final Lazy<SdkCredentials> chain = new Lazy<>(SdkCredentials::new);

  private Credentials(AwsCredentials fixed) {
    this.fixed = fixed;
  }

  static Credentials resolve(Map<String, String> env, Properties properties) {
    return new Credentials(AwsCredentials.fromSystem(env, properties).orElse(null));
  }

  /** Whether the credentials come from the SDK's chain (none in the properties or environment). */
  boolean fromSdkChain() {
    return fixed == null;
  }

  @Override
  public AwsCredentials get() {
    return fixed != null ? fixed : chain.get().get();
  }

  /**
   * Builds the SDK's chain when it is where the credentials come from (a SnapStart snapshot then
   * holds it ready), resolving nothing; returns whether it did.
   */
  boolean prime() {
    if (fixed != null) {
      return false;
    }
    chain.get();
    return true;
  }
}
