package dev.noops.configapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.support.aws.AwsCredentials;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CredentialsTest {
  @Test
  void credentials_in_the_environment_are_used_without_the_sdk() {
    Credentials credentials =
        Credentials.resolve(
            Map.of(
                "AWS_ACCESS_KEY_ID",
                "AKIAENV",
                "AWS_SECRET_ACCESS_KEY",
                "s",
                "AWS_SESSION_TOKEN",
                "t"),
            new Properties());

    assertThat(credentials.fromSdkChain()).isFalse();
    assertThat(credentials.prime()).as("nothing to build").isFalse();
    assertThat(credentials.get()).isEqualTo(new AwsCredentials("AKIAENV", "s", "t"));
  }

  @Test
  void without_credentials_in_properties_or_environment_the_sdk_chain_resolves_them() {
    Credentials credentials = Credentials.resolve(Map.of(), new Properties());
    // the SDK's chain reads the JVM's own system properties first
    System.setProperty("aws.accessKeyId", "AKIASDK");
    System.setProperty("aws.secretAccessKey", "sdk-secret");
    try {
      assertThat(credentials.fromSdkChain()).isTrue();
      assertThat(credentials.prime()).isTrue();
      AwsCredentials resolved = credentials.get();
      assertThat(resolved.accessKeyId()).isEqualTo("AKIASDK");
      assertThat(resolved.secretAccessKey()).isEqualTo("sdk-secret");
      assertThat(resolved.sessionToken()).isNull();
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }
}
