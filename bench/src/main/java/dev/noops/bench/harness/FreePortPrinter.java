package dev.noops.bench.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Prints a free TCP port of 127.0.0.1 (for bench/run's {@code noops local --port}). */
public final class FreePortPrinter {
  private FreePortPrinter() {}

  public static void main(String[] args) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      System.out.println(socket.getLocalPort());
    }
  }
}
