package dev.noops.logs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShipperHandlerTest {

  @Test
  void the_no_arg_constructor_refuses_to_start_without_an_endpoint() {
    // the test JVM has no ES_ENDPOINT: the deployed function would fail its init with this message
    assertThatThrownBy(ShipperHandler::new)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ES_ENDPOINT is not set");
  }
}
