package dev.noops.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP server for the faults WireMock cannot script: it accepts every connection and then
 * either never answers ({@link #neverAnswering()}, what a VPC without a route looks like from the
 * inside) or sends {@code 200} headers and the first bytes of a body and then stalls ({@link
 * #stallingBody()}). Connections are held open until {@link #close()}.
 */
public final class SilentServer implements AutoCloseable {
  private final ServerSocket server;
  private final boolean sendHeaders;
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();

  private SilentServer(boolean sendHeaders) {
    this.sendHeaders = sendHeaders;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback", e);
    }
    Thread acceptor = new Thread(this::acceptAll, "silent-server-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Accepts connections, reads what arrives, never writes a byte. */
  public static SilentServer neverAnswering() {
    return new SilentServer(false);
  }

  /**
   * Answers {@code 200} with a 1,000-byte {@code Content-Length}, sends 10 bytes of it, then
   * stalls.
   */
  public static SilentServer stallingBody() {
    return new SilentServer(true);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** How many connections were accepted so far. */
  public int connections() {
    return accepted.get();
  }

  private void acceptAll() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        accepted.incrementAndGet();
        held.add(socket);
        Thread reader = new Thread(() -> serve(socket), "silent-connection");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  @SuppressWarnings("StringConcatToTextBlock") // HTTP needs CRLF; a text block's lines end in LF
  private void serve(Socket socket) {
    try (InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      if (sendHeaders) {
        readHeaders(in);
        out.write(
            ("HTTP/1.1 200 OK\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n"
                    + "{\"took\":1,")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      in.transferTo(OutputStream.nullOutputStream()); // until the client or close() ends it
    } catch (IOException e) {
      // the client gave up: that is what the tests wait for
    }
  }

  private static void readHeaders(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket socket : held) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
