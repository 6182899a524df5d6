package dev.noops.logs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * One HTTP/1.1 connection of {@link HttpTransport}, one exchange at a time: writes the request head
 * and body straight to the socket (no copy of the body), reads the answer's status line and headers
 * and its body (fixed length, chunked, or up to the end of the connection), gzip answers decoded.
 * Every read waits at most until the exchange's deadline. An answer larger than {@link #MAX_ANSWER}
 * (decoded) is refused. After an exchange the connection is {@link #reusable()} only when the
 * answer was read whole and neither side asked to close.
 */
final class HttpExchange implements AutoCloseable {
  /** The largest answer body read (decoded), far above any filtered {@code _bulk} answer. */
  static final int MAX_ANSWER = 16 * 1024 * 1024;

  private static final int MAX_HEAD = 64 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] buffer = new byte[16 * 1024];
  private int position;
  private int limit;
  private long deadline;
  private boolean used;
  private boolean reusable;
  private int headBytes;

  /** The cluster closed this kept-alive connection before any byte of the answer. */
  static final class StaleConnectionException extends IOException {
    private static final long serialVersionUID = 1L;

    StaleConnectionException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  HttpExchange(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Whether the last exchange left the connection ready for another. */
  boolean reusable() {
    return reusable;
  }

  /**
   * Sends one request and reads its answer.
   *
   * @throws StaleConnectionException when this connection served an exchange before and the cluster
   *     closed it before answering a byte of this one
   */
  Transport.Response exchange(byte[] head, byte[] body, boolean headRequest, long deadline)
      throws IOException {
    this.deadline = deadline;
    boolean wasUsed = used;
    used = true;
    reusable = false;
    if (wasUsed && (position < limit || in.available() > 0)) {
      // something arrived while idle (a 408, the close's remains): not an answer to this request
      throw new StaleConnectionException("the kept-alive connection had unread bytes", null);
    }
    try {
      out.write(head);
      if (body.length > 0) {
        out.write(body);
      }
      out.flush();
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      if (wasUsed) {
        throw new StaleConnectionException("the kept-alive connection was closed: " + e, e);
      }
      throw e;
    }
    try {
      if (fill() < 0) {
        throw new EOFException("the connection closed before an answer");
      }
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      if (wasUsed) {
        throw new StaleConnectionException("the kept-alive connection was closed: " + e, e);
      }
      throw e;
    }
    return answer(headRequest);
  }

  private Transport.Response answer(boolean headRequest) throws IOException {
    headBytes = 0;
    Head head = head();
    while (head.status >= 100 && head.status < 200 && head.status != 101) {
      head = head(); // 100 Continue and other interim answers precede the answer
    }
    byte[] body;
    boolean open = head.keepAlive;
    if (headRequest || head.status == 204 || head.status == 304) {
      body = new byte[0];
    } else if (head.chunked) {
      body = chunked();
    } else if (head.length >= 0) {
      body = fixed(head.length);
    } else {
      body = untilClosed();
      open = false;
    }
    reusable = open && position == limit;
    if (head.gzip && body.length > 0) {
      body = gunzip(body);
    }
    return new Transport.Response(head.status, body);
  }

  private record Head(int status, long length, boolean chunked, boolean gzip, boolean keepAlive) {}

  private Head head() throws IOException {
    String statusLine = line();
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
      throw new IOException("not an HTTP/1.x answer: " + shorten(statusLine));
    }
    int status;
    try {
      status = Integer.parseInt(statusLine, 9, 12, 10);
    } catch (NumberFormatException e) {
      throw new IOException("no status code in " + shorten(statusLine), e);
    }
    boolean keepAlive = statusLine.charAt(7) != '0'; // HTTP/1.0 closes unless asked otherwise
    long length = -1;
    boolean chunked = false;
    boolean gzip = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed answer header: " + shorten(header));
      }
      String name = header.substring(0, colon).strip();
      String value = header.substring(colon + 1).strip();
      if (name.equalsIgnoreCase("Content-Length")) {
        long parsed = contentLength(value);
        if (length >= 0 && length != parsed) {
          throw new IOException("the answer has two Content-Length headers");
        }
        length = parsed;
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.regionMatches(true, value.length() - 7, "chunked", 0, 7);
        if (!chunked) {
          throw new IOException("unsupported Transfer-Encoding: " + shorten(value));
        }
      } else if (name.equalsIgnoreCase("Content-Encoding")) {
        gzip = value.equalsIgnoreCase("gzip") || value.equalsIgnoreCase("x-gzip");
        if (!gzip && !value.equalsIgnoreCase("identity")) {
          throw new IOException("unsupported Content-Encoding: " + shorten(value));
        }
      } else if (name.equalsIgnoreCase("Connection")) {
        if (value.toLowerCase(java.util.Locale.ROOT).contains("close")) {
          keepAlive = false;
        } else if (value.toLowerCase(java.util.Locale.ROOT).contains("keep-alive")) {
          keepAlive = true;
        }
      }
    }
    return new Head(status, length, chunked, gzip, keepAlive);
  }

  private static long contentLength(String value) throws IOException {
    try {
      long length = Long.parseLong(value);
      if (length < 0) {
        throw new IOException("negative Content-Length: " + shorten(value));
      }
      return length;
    } catch (NumberFormatException e) {
      throw new IOException("malformed Content-Length: " + shorten(value), e);
    }
  }

  private byte[] fixed(long length) throws IOException {
    if (length > MAX_ANSWER) {
      throw new IOException(
          "the answer of " + length + " bytes is larger than " + MAX_ANSWER + " bytes");
    }
    byte[] body = new byte[(int) length];
    int filled = Math.min(limit - position, body.length);
    System.arraycopy(buffer, position, body, 0, filled);
    position += filled;
    while (filled < body.length) {
      socket.setSoTimeout(millisLeft(deadline));
      int read = in.read(body, filled, body.length - filled);
      if (read < 0) {
        throw new EOFException("the answer ended after " + filled + " of its " + length + " bytes");
      }
      filled += read;
    }
    return body;
  }

  private byte[] chunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line();
      int extension = sizeLine.indexOf(';');
      String hex = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip();
      long size;
      try {
        size = Long.parseLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new IOException("malformed chunk size: " + shorten(sizeLine), e);
      }
      if (size < 0 || body.size() + size > MAX_ANSWER) {
        throw new IOException("the chunked answer is larger than " + MAX_ANSWER + " bytes");
      }
      if (size == 0) {
        String trailer;
        do {
          trailer = line(); // trailers are not read
        } while (!trailer.isEmpty());
        return body.toByteArray();
      }
      copy(body, size);
      if (!line().isEmpty()) {
        throw new IOException("a chunk does not end where its size says");
      }
    }
  }

  private byte[] untilClosed() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      if (position == limit && fill() < 0) {
        return body.toByteArray();
      }
      if (body.size() + (limit - position) > MAX_ANSWER) {
        throw new IOException("the answer is larger than " + MAX_ANSWER + " bytes");
      }
      body.write(buffer, position, limit - position);
      position = limit;
    }
  }

  private void copy(ByteArrayOutputStream body, long size) throws IOException {
    long left = size;
    while (left > 0) {
      if (position == limit && fill() < 0) {
        throw new EOFException("the answer ended inside a chunk");
      }
      int n = (int) Math.min(left, limit - position);
      body.write(buffer, position, n);
      position += n;
      left -= n;
    }
  }

  /** One line of the head, without its CRLF (a bare LF is accepted). */
  private String line() throws IOException {
    StringBuilder line = null;
    while (true) {
      if (position == limit && fill() < 0) {
        throw new EOFException("the answer ended inside its head");
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int end = position;
      boolean complete = position < limit;
      if (complete) {
        position++; // the LF
      }
      headBytes += position - start;
      if (headBytes > MAX_HEAD) {
        throw new IOException("the answer's head is larger than " + MAX_HEAD + " bytes");
      }
      if (complete && line == null) {
        if (end > start && buffer[end - 1] == '\r') {
          end--;
        }
        return new String(buffer, start, end - start, StandardCharsets.ISO_8859_1);
      }
      if (line == null) {
        line = new StringBuilder();
      }
      line.append(new String(buffer, start, end - start, StandardCharsets.ISO_8859_1));
      if (complete) {
        int length = line.length();
        if (length > 0 && line.charAt(length - 1) == '\r') {
          line.setLength(length - 1);
        }
        return line.toString();
      }
    }
  }

  private int fill() throws IOException {
    socket.setSoTimeout(millisLeft(deadline));
    int read = in.read(buffer, 0, buffer.length);
    position = 0;
    limit = Math.max(read, 0);
    return read;
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(body), 8 * 1024)) {
      byte[] plain = gzip.readNBytes(MAX_ANSWER + 1);
      if (plain.length > MAX_ANSWER) {
        throw new IOException("the decoded answer is larger than " + MAX_ANSWER + " bytes");
      }
      return plain;
    }
  }

  /** The milliseconds until {@code deadline}, at least 1; none left is a timeout. */
  static int millisLeft(long deadline) throws SocketTimeoutException {
    long nanos = deadline - System.nanoTime();
    if (nanos <= 0) {
      throw new SocketTimeoutException("the deadline has passed");
    }
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (nanos + 999_999) / 1_000_000));
  }

  private static String shorten(String text) {
    return text.length() > 100 ? text.substring(0, 100) + "..." : text;
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }
}
