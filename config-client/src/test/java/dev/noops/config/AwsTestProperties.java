package dev.noops.config;

/**
 * Region and credentials for the SDK's default chains (system properties come before the
 * environment), so KMS tests do not depend on the machine's AWS settings.
 */
final class AwsTestProperties {
  private AwsTestProperties() {}

  static void set() {
    System.setProperty("aws.region", "eu-west-1");
    System.setProperty("aws.accessKeyId", "AKIDTESTTESTTESTTEST");
    System.setProperty("aws.secretAccessKey", "test-secret-access-key");
  }

  static void clear() {
    System.clearProperty("aws.region");
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }
}
