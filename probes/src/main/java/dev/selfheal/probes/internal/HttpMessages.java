package dev.selfheal.probes.internal;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The request and response values of {@link NioHttpServer}; immutable. */
final class HttpMessages {
  static final String TEXT = "text/plain; charset=utf-8";
  static final String JSON = "application/json; charset=utf-8";

  private HttpMessages() {}

  /**
   * A fully read request.
   *
   * @param method   the method, upper-case token
   * @param rawPath  the path, still percent-encoded
   * @param rawQuery the query after {@code ?}, still percent-encoded; null when absent
   * @param headers  header values by lower-case name, in arrival order
   * @param body     the body (empty without Content-Length)
   * @param remote   the client's address
   */
  record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body,
      InetAddress remote) {
    /** The values of header {@code name} (any case); empty when absent. */
    List<String> header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    String remoteAddress() {
      return remote == null ? "unknown" : remote.getHostAddress();
    }
  }

  /**
   * A complete response; the server adds Content-Length, Cache-Control, nosniff and Connection: close.
   *
   * @param headers extra headers (such as {@code Allow})
   */
  record Response(int status, String contentType, String body, Map<String, String> headers) {
    Response {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
      headers = Map.copyOf(headers);
    }

    static Response text(int status, String body) {
      return new Response(status, TEXT, body, Map.of());
    }

    static Response json(int status, String body) {
      return new Response(status, JSON, body, Map.of());
    }

    Response withHeader(String name, String value) {
      Map<String, String> h = new java.util.LinkedHashMap<>(headers);
      h.put(name, value);
      return new Response(status, contentType, body, h);
    }

    /** The bytes on the wire; for HEAD the status line and headers of the GET without the body. */
    byte[] encode(boolean head) {
      byte[] payload = body.getBytes(StandardCharsets.UTF_8);
      StringBuilder sb = new StringBuilder(160 + payload.length);
      sb.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
          .append("Content-Type: ").append(contentType).append("\r\n")
          .append("Content-Length: ").append(payload.length).append("\r\n")
          .append("Cache-Control: no-store\r\n")
          .append("X-Content-Type-Options: nosniff\r\n")
          .append("Connection: close\r\n");
      headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
      sb.append("\r\n");
      byte[] head0 = sb.toString().getBytes(StandardCharsets.UTF_8);
      if (head) {
        return head0;
      }
      byte[] out = new byte[head0.length + payload.length];
      System.arraycopy(head0, 0, out, 0, head0.length);
      System.arraycopy(payload, 0, out, head0.length, payload.length);
      return out;
    }
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 202 -> "Accepted";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 411 -> "Length Required";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      case 505 -> "HTTP Version Not Supported";
      default -> "Status";
    };
  }
}
