package dev.noops.subscribe;

import dev.noops.support.aws.AwsCallException;
import dev.noops.support.aws.AwsCredentials;
import dev.noops.support.aws.AwsEndpoints;
import java.net.URI;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsServiceClientConfiguration;
import software.amazon.awssdk.services.cloudwatchlogs.model.CloudWatchLogsException;

/**
 * The command line's way in, which hands the subscriber an SDK {@link CloudWatchLogsClient}: the
 * client's region, endpoint and credentials provider (profiles, SSO) configure a {@link
 * CloudWatchLogs}, and failures leave the subscriber's public methods as the SDK's exceptions the
 * command line reports. The Lambda never loads this class (its jar holds no SDK).
 */
final class SdkLogs {
  private SdkLogs() {}

  static CloudWatchLogs from(CloudWatchLogsClient client) {
    CloudWatchLogsServiceClientConfiguration config = client.serviceClientConfiguration();
    String region = config.region().id();
    URI endpoint =
        config
            .endpointOverride()
            .orElseGet(() -> AwsEndpoints.fromSystem().endpoint("CloudWatch Logs", "logs", region));
    return CloudWatchLogs.create(endpoint, region, credentials(config.credentialsProvider()));
  }

  private static Supplier<AwsCredentials> credentials(
      IdentityProvider<? extends AwsCredentialsIdentity> provider) {
    return () -> {
      AwsCredentialsIdentity identity;
      if (provider instanceof AwsCredentialsProvider classic) {
        identity = classic.resolveCredentials();
      } else {
        try {
          identity = provider.resolveIdentity().join();
        } catch (CompletionException e) {
          throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
      }
      return new AwsCredentials(
          identity.accessKeyId(),
          identity.secretAccessKey(),
          identity instanceof AwsSessionCredentialsIdentity session
              ? session.sessionToken()
              : null);
    };
  }

  /** The SDK exception the command line catches for a failed call. */
  static RuntimeException translate(AwsCallException e) {
    if (e.status() == 0) {
      return SdkClientException.create(e.getMessage(), e);
    }
    String message = Faults.message(e);
    return CloudWatchLogsException.builder()
        .message(message)
        .statusCode(e.status())
        .requestId(e.requestId())
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode(e.errorCode())
                .errorMessage(message)
                .serviceName("CloudWatchLogs")
                .build())
        .cause(e)
        .build();
  }
}
