package dev.noops.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.noops.testsupport.ric.BrokenHandler;
import dev.noops.testsupport.ric.EchoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Runtime Interface Client (its native library included) against the scripted Runtime API. */
class LambdaRuntimeProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path work;
  private static Path jar;

  @BeforeAll
  static void packHandlers() throws IOException {
    jar = work.resolve("echo-lambda.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Class<?> type : new Class<?>[] {EchoHandler.class, BrokenHandler.class}) {
        String name = type.getName().replace('.', '/') + ".class";
        out.putNextEntry(new JarEntry(name));
        try (InputStream in = type.getClassLoader().getResourceAsStream(name)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
  }

  @Test
  void serves_events_with_the_runtime_headers_and_reports_a_throwing_handler_to_the_error_endpoint()
      throws Exception {
    try (LambdaRuntimeApi api =
            LambdaRuntimeApi.start()
                .functionArn("arn:aws:lambda:eu-west-1:123456789012:function:echo");
        LambdaRuntimeProcess process =
            start(api, EchoHandler.class.getName() + "::handleRequest", "echo")) {
      String first = api.invoke("{\"n\":1}");
      LambdaRuntimeApi.Answer answer = api.await(first, WAIT);
      assertThat(answer.kind())
          .as(Files.readString(process.log()))
          .isEqualTo(LambdaRuntimeApi.Kind.RESPONSE);
      assertThat(answer.text())
          .isEqualTo(
              "{\"id\":\""
                  + first
                  + "\",\"arn\":\"arn:aws:lambda:eu-west-1:123456789012:function:echo\",\"memory\":512,"
                  + "\"event\":{\"n\":1}}");
      assertThat(answer.nanoTime()).isGreaterThan(process.startNanos());

      String failing = api.invoke("\"fail\"");
      LambdaRuntimeApi.Answer error = api.await(failing, WAIT);
      assertThat(error.kind()).isEqualTo(LambdaRuntimeApi.Kind.ERROR);
      assertThat(error.text())
          .contains("asked to fail")
          .contains("java.lang.IllegalArgumentException");

      String after = api.invoke("{\"n\":2}");
      assertThat(api.await(after, WAIT).text()).contains("\"event\":{\"n\":2}");
      assertThat(api.calls())
          .contains(
              "POST /2018-06-01/runtime/invocation/" + first + "/response",
              "POST /2018-06-01/runtime/invocation/" + failing + "/error");
    }
  }

  @Test
  void reports_a_failing_constructor_to_the_init_error_endpoint() throws Exception {
    try (LambdaRuntimeApi api = LambdaRuntimeApi.start();
        LambdaRuntimeProcess process =
            start(api, BrokenHandler.class.getName() + "::handleRequest", "broken")) {
      String id = api.invoke("{}");
      LambdaRuntimeApi.Answer answer = api.await(id, WAIT);
      assertThat(answer.kind())
          .as(Files.readString(process.log()))
          .isEqualTo(LambdaRuntimeApi.Kind.INIT_ERROR);
      assertThat(answer.text()).contains("ES_ENDPOINT is not set");
      assertThat(process.process().waitFor()).isNotZero();
    }
  }

  private static LambdaRuntimeProcess start(LambdaRuntimeApi api, String handler, String name)
      throws IOException {
    return LambdaRuntimeProcess.builder()
        .lambdaJar(jar)
        .handler(handler)
        .runtimeApi(api)
        .workDir(Files.createDirectories(work.resolve(name)))
        .memoryMb(512)
        .javaToolOptions("-XX:+TieredCompilation -XX:TieredStopAtLevel=1")
        .start();
  }
}
