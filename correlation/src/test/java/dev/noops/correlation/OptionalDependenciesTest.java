package dev.noops.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.noops.testsupport.AwsWireMock;
import dev.noops.testsupport.AwsWireMock.Reply;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The library runs with only its mandatory dependencies; each integration needs only its own. */
class OptionalDependenciesTest {
  private static URLClassLoader loaderOf(Predicate<String> keep) {
    URL[] urls =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(keep)
            .map(OptionalDependenciesTest::url)
            .toArray(URL[]::new);
    return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
  }

  private static URL url(String path) {
    try {
      return new File(path).toURI().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isMainClasses(String path) {
    return path.endsWith(File.separator + "classes") && !path.contains("test-classes");
  }

  @Test
  void capture_and_hold_need_only_slf4j_api_and_lambda_core() throws Exception {
    try (URLClassLoader loader =
        loaderOf(
            path ->
                isMainClasses(path)
                    || path.contains("slf4j-api")
                    || path.contains("aws-lambda-java-core"))) {
      Class<?> correlation = loader.loadClass("dev.noops.correlation.Correlation");
      Object seen =
          correlation
              .getMethod(
                  "handle",
                  Object.class,
                  loader.loadClass("com.amazonaws.services.lambda.runtime.Context"),
                  Supplier.class)
              .invoke(
                  null,
                  Map.of("__context__", Map.of("x-correlation-id", "lean")),
                  null,
                  (Supplier<Object>)
                      () -> {
                        try {
                          return correlation.getMethod("httpHeaders").invoke(null);
                        } catch (ReflectiveOperationException e) {
                          throw new IllegalStateException(e);
                        }
                      });

      assertThat(seen)
          .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsEntry("x-correlation-id", "lean")
          .containsEntry("call-chain-length", "1");
      assertThatThrownBy(() -> loader.loadClass("okhttp3.Interceptor"))
          .isInstanceOf(ClassNotFoundException.class);
      assertThatThrownBy(() -> loader.loadClass("software.amazon.awssdk.core.SdkRequest"))
          .isInstanceOf(ClassNotFoundException.class);
      assertThatThrownBy(() -> loader.loadClass("ch.qos.logback.classic.Logger"))
          .isInstanceOf(ClassNotFoundException.class);
      assertThatThrownBy(() -> loader.loadClass("org.apache.logging.log4j.core.Filter"))
          .isInstanceOf(ClassNotFoundException.class);
      assertThatThrownBy(
              () -> loader.loadClass("com.amazonaws.services.lambda.runtime.events.SQSEvent"))
          .isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void a_failing_handler_ends_its_invocation_without_any_logging_framework() throws Exception {
    try (URLClassLoader loader =
        loaderOf(
            path ->
                isMainClasses(path)
                    || path.contains("slf4j-api")
                    || path.contains("aws-lambda-java-core"))) {
      Class<?> correlation = loader.loadClass("dev.noops.correlation.Correlation");
      Supplier<Object> failing =
          () -> {
            throw new IllegalStateException("handler failed");
          };

      assertThatThrownBy(
              () ->
                  correlation
                      .getMethod(
                          "handle",
                          Object.class,
                          loader.loadClass("com.amazonaws.services.lambda.runtime.Context"),
                          Supplier.class)
                      .invoke(null, Map.of(), null, failing))
          .cause()
          .hasMessage("handler failed");
    }
  }

  @Test
  void typed_events_need_only_the_events_jar_beside_the_mandatory_ones() throws Exception {
    try (URLClassLoader loader =
        loaderOf(
            path ->
                isMainClasses(path)
                    || path.contains("slf4j-api")
                    || path.contains("aws-lambda-java-core")
                    || path.contains("aws-lambda-java-events")
                    || path.contains("joda-time"))) {
      Class<?> sqsEvent = loader.loadClass("com.amazonaws.services.lambda.runtime.events.SQSEvent");
      Class<?> message =
          loader.loadClass("com.amazonaws.services.lambda.runtime.events.SQSEvent$SQSMessage");
      Object record = message.getConstructor().newInstance();
      message.getMethod("setEventSource", String.class).invoke(record, "aws:sqs");
      message
          .getMethod("setBody", String.class)
          .invoke(record, "{\"__context__\":{\"x-correlation-id\":\"typed\"}}");
      Object event = sqsEvent.getConstructor().newInstance();
      sqsEvent
          .getMethod("setRecords", java.util.List.class)
          .invoke(event, java.util.List.of(record));

      Object ids =
          loader
              .loadClass("dev.noops.correlation.Correlation")
              .getMethod(
                  "capture",
                  Object.class,
                  loader.loadClass("com.amazonaws.services.lambda.runtime.Context"))
              .invoke(null, event, null);

      assertThat(ids.getClass().getMethod("correlationId").invoke(ids)).isEqualTo("typed");
      assertThatThrownBy(() -> loader.loadClass("org.apache.logging.log4j.core.Filter"))
          .isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void the_sdk_interceptor_works_with_the_sqs_client_alone() throws Exception {
    Predicate<String> otherServices =
        path ->
            path.matches(".*[/\\\\]awssdk[/\\\\](sns|kinesis|eventbridge|lambda)[/\\\\].*")
                || path.contains("okhttp")
                || path.contains("logback");
    try (AwsWireMock aws = AwsWireMock.start();
        URLClassLoader loader = loaderOf(otherServices.negate())) {
      aws.stubJson("AmazonSQS.SendMessage", Reply.ok(Map.of("MessageId", "m-1")));
      assertThatThrownBy(
              () -> loader.loadClass("software.amazon.awssdk.services.sns.model.PublishRequest"))
          .isInstanceOf(ClassNotFoundException.class);

      @SuppressWarnings("unchecked")
      Function<String, String> send =
          (Function<String, String>)
              loader
                  .loadClass("dev.noops.correlation.IsolatedSqsSend")
                  .getConstructor()
                  .newInstance();

      assertThat(send.apply(aws.endpoint().toString())).isEqualTo("m-1");
      assertThat(aws.jsonRequests("AmazonSQS.SendMessage"))
          .singleElement()
          .satisfies(
              body ->
                  assertThat(
                          body.get("MessageAttributes")
                              .get("x-correlation-context")
                              .get("StringValue")
                              .asText())
                      .isEqualTo(
                          "{\"x-correlation-id\":\"isolated\",\"call-chain-length\":\"1\","
                              + "\"debug-log-enabled\":\"false\"}"));
    }
  }
}
