package dev.selfheal.examples.orders;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The load's HTTP client: one keep-alive HTTP/1.1 connection per load thread, one prebuilt request, one
 * reused buffer. {@code HttpURLConnection} allocated about 26 KB per request (140 MB in a 1,000-crash run,
 * half of the demo's allocation, the rest being the JDK server's), and young-GC pauses from that garbage
 * landed inside the recoveries being measured: the load must not be what is measured.
 *
 * <p>Understands exactly what the order API sends: a status line, headers with {@code Content-length}, a
 * body. A connection the server closed while idle is opened again and the request sent once more, as
 * {@code HttpURLConnection} does, only when not a byte of the answer had arrived.
 *
 * <p>This class is thread-safe: each thread has its own connection.
 */
final class LoadClient {
  private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.ISO_8859_1);

  private final InetSocketAddress address;
  private final byte[] request;
  private final ThreadLocal<Connection> connections = new ThreadLocal<>();

  /** A client that sends {@code POST pathAndQuery} to the loopback port {@code port}. */
  LoadClient(int port, String pathAndQuery) {
    this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    this.request = ("POST " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Length: 0\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Sends the request; returns the status. @throws IOException if there is no answer or it is not 201 */
  int post() throws IOException {
    Connection c = connections.get();
    boolean reused = c != null;
    if (c == null) {
      c = open();
    }
    int status;
    try {
      status = c.exchange(request);
    } catch (IdleClosed e) {
      c.close();
      if (!reused) {
        throw e;
      }
      c = open();
      status = c.exchange(request); // the server closed the idle connection before reading the request
    } catch (IOException e) {
      c.close();
      connections.remove();
      throw e;
    }
    if (status != 201) {
      throw new IOException("HTTP " + status);
    }
    return status;
  }

  private Connection open() throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(address, 1000);
    s.setSoTimeout(2000);
    Connection c = new Connection(s);
    connections.set(c);
    return c;
  }

  /** No byte of an answer arrived before the connection ended. */
  private static final class IdleClosed extends IOException {
    private static final long serialVersionUID = 1L;

    IdleClosed() {
      super("connection closed before an answer", null);
    }
  }

  private static final class Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[16 * 1024];

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    int exchange(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      int n = 0;
      int headerEnd = -1;
      while (headerEnd < 0) {
        int r = in.read(buf, n, buf.length - n);
        if (r < 0) {
          if (n == 0) {
            throw new IdleClosed();
          }
          throw new IOException("connection closed in the headers");
        }
        n += r;
        headerEnd = indexOfBlankLine(buf, n);
        if (headerEnd < 0 && n == buf.length) {
          throw new IOException("headers longer than " + buf.length + " bytes");
        }
      }
      if (n < 12 || buf[0] != 'H') {
        throw new IOException("not an HTTP answer");
      }
      int status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
      int length = contentLength(buf, headerEnd);
      int body = n - headerEnd;
      while (body < length) { // the body is read and dropped: the status says what the load needs
        int r = in.read(buf, 0, Math.min(buf.length, length - body));
        if (r < 0) {
          throw new IOException("connection closed in the body");
        }
        body += r;
      }
      return status;
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a connection we give up on: nothing left to tell
      }
    }

    /** The index just past the first CRLF CRLF in {@code b[0, n)}, or -1. */
    private static int indexOfBlankLine(byte[] b, int n) {
      for (int i = 3; i < n; i++) {
        if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
          return i + 1;
        }
      }
      return -1;
    }

    /** The Content-Length header's value within the headers {@code b[0, end)}; 0 if absent. */
    private static int contentLength(byte[] b, int end) {
      outer:
      for (int i = 0; i + CONTENT_LENGTH.length < end; i++) {
        if (i > 0 && b[i - 1] != '\n') {
          continue;
        }
        for (int k = 0; k < CONTENT_LENGTH.length; k++) {
          if (Character.toLowerCase((char) b[i + k]) != CONTENT_LENGTH[k]) {
            continue outer;
          }
        }
        int v = 0;
        for (int j = i + CONTENT_LENGTH.length; j < end && b[j] != '\r'; j++) {
          if (b[j] >= '0' && b[j] <= '9') {
            v = v * 10 + (b[j] - '0');
          }
        }
        return v;
      }
      return 0;
    }
  }
}
