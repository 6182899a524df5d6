package dev.noops.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

@DockerTest
class LocalStackDockerIT {
  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"));

  @Test
  void creates_and_lists_a_log_group_in_localstack() {
    try (CloudWatchLogsClient logs =
        CloudWatchLogsClient.builder()
            .endpointOverride(LOCALSTACK.getEndpoint())
            .region(Region.of(LOCALSTACK.getRegion()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      logs.createLogGroup(b -> b.logGroupName("/aws/lambda/noops-it"));

      assertThat(logs.describeLogGroups(b -> b.logGroupNamePrefix("/aws/lambda/")).logGroups())
          .extracting(g -> g.logGroupName())
          .contains("/aws/lambda/noops-it");
    }
  }
}
