package dev.noops.correlation;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.FakeContext;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** Real SDK clients pointed at WireMock, with the interceptor installed the one-line way. */
final class SdkClients {
  /** The packed context the {@link #EVENT} invocation forwards. */
  static final String PACKED =
      "{\"x-correlation-id\":\"corr-1\",\"x-correlation-user-id\":\"user-7\","
          + "\"call-chain-length\":\"2\",\"debug-log-enabled\":\"false\"}";

  static final Map<String, Object> EVENT =
      Map.of(
          "__context__",
          Map.of(
              "x-correlation-id",
              "corr-1",
              "x-correlation-user-id",
              "user-7",
              "call-chain-length",
              "1",
              "debug-log-enabled",
              "false"));

  private SdkClients() {}

  static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C client(
      B builder, AwsWireMock aws) {
    return builder
        .endpointOverride(aws.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.addExecutionInterceptor(new CorrelationSdkInterceptor()))
        .build();
  }

  /** Runs {@code call} inside an invocation whose event carries {@link #EVENT}'s IDs. */
  static <T> T inInvocation(Supplier<T> call) {
    return Correlation.handle(EVENT, FakeContext.of("req-1"), call);
  }

  /** Collects what the interceptor logs while {@code body} runs. */
  static List<ILoggingEvent> logsOf(Runnable body) {
    Logger logger = (Logger) LoggerFactory.getLogger(CorrelationSdkInterceptor.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      body.run();
      return List.copyOf(appender.list);
    } finally {
      logger.detachAppender(appender);
    }
  }
}
