package dev.noops.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SamTemplateTest {
  private static final SamTemplate TEMPLATE =
      SamTemplate.parse(
          """
          Globals:
            Function:
              Environment:
                Variables:
                  # C1 only
                  JAVA_TOOL_OPTIONS: -XX:+TieredCompilation -XX:TieredStopAtLevel=1 \s
          Resources:
            ShipperFunction:
              Type: AWS::Serverless::Function
              Properties:
                Handler: dev.noops.logs.ShipperHandler::handleRequest
                MemorySize: 1024
                Environment:
                  Variables:
                    JAVA_TOOL_OPTIONS: -XX:+TieredCompilation -XX:+UseSerialGC  # warm throughput
            ConfigFunction:
              Type: AWS::Serverless::Function
              Properties:
                Handler: dev.noops.configapi.ConfigApiHandler::handleRequest
                MemorySize: 512
          Outputs:
            JAVA_TOOL_OPTIONS: not an option
          """);

  @Test
  void a_function_runs_with_its_own_jvm_options_else_the_globals() {
    assertThat(TEMPLATE.javaToolOptions("ShipperFunction"))
        .isEqualTo("-XX:+TieredCompilation -XX:+UseSerialGC");
    assertThat(TEMPLATE.javaToolOptions("ConfigFunction"))
        .as("the next section is not the function's")
        .isEqualTo("-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    assertThat(TEMPLATE.javaToolOptions())
        .isEqualTo("-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
  }

  @Test
  void reads_handler_and_memory_of_a_function() {
    assertThat(TEMPLATE.handler("ConfigFunction"))
        .isEqualTo("dev.noops.configapi.ConfigApiHandler::handleRequest");
    assertThat(TEMPLATE.memoryMb("ShipperFunction")).isEqualTo(1024);
  }

  @Test
  void an_unknown_function_or_missing_options_are_errors_that_say_so() {
    assertThatThrownBy(() -> TEMPLATE.javaToolOptions("NoSuchFunction"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NoSuchFunction");
    assertThatThrownBy(() -> SamTemplate.parse("Globals: {}\n").javaToolOptions())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JAVA_TOOL_OPTIONS");
  }
}
