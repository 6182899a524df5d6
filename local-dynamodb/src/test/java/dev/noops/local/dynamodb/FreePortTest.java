package dev.noops.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortTest {

  @Test
  void finds_a_port_that_a_server_can_bind_on_loopback() throws Exception {
    int port = FreePort.find();

    assertThat(port).isBetween(1024, 65535);
    try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(server.getLocalPort()).isEqualTo(port);
    }
  }
}
