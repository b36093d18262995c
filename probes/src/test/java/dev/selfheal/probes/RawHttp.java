package dev.selfheal.probes;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HTTP spoken by hand over a loopback socket, for requests the JDK client refuses to send. */
final class RawHttp {
  private RawHttp() {}

  /** Sends {@code request} from 127.0.0.1 and returns everything the server sends until it closes. */
  static String send(int port, String request) throws IOException {
    return send("127.0.0.1", port, request);
  }

  /** The same from the loopback address {@code from} (any 127.x.y.z on Linux). */
  static String send(String from, int port, String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The status code of a raw response. */
  static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  /** The body of a raw response. */
  static String body(String response) {
    int i = response.indexOf("\r\n\r\n");
    return i < 0 ? "" : response.substring(i + 4);
  }
}
