package dev.selfheal.probes.internal;

import dev.selfheal.probes.internal.HttpMessages.Request;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An incremental HTTP/1.1 request parser (RFC 9112) for one request of one connection, with every cost
 * bounded: the request line and the header section together hold at most {@code maxHeaderBytes}, at most
 * {@link #MAX_HEADERS} header fields, a body of at most {@code maxBodyBytes} (Content-Length only).
 *
 * <pre>{@code
 *   REQUEST_LINE ──line──► HEADERS ──blank line──► BODY ──Content-Length bytes──► DONE
 *        │                    └───blank line, no body───────────────────────────────►┘
 *        └── any violation, in any phase ──► HttpError (status and a one-line reason)
 * }</pre>
 *
 * <p>Rules where the RFC leaves a choice: a bare LF ends a line as CRLF does (RFC 9112 §2.2 allows it); a
 * CR not followed by LF, a control character, obsolete line folding, whitespace before a header's colon,
 * a Transfer-Encoding (501: we take no chunked bodies) and conflicting Content-Lengths are refused. Bytes are
 * checked as they arrive, so a TLS ClientHello or other binary is refused at its first byte, not at a
 * deadline. Empty lines before the request line are skipped.
 *
 * <p>This class is not thread-safe: one connection's I/O thread feeds it.
 */
final class RequestParser {
  static final int MAX_HEADERS = 64;

  enum Phase { REQUEST_LINE, HEADERS, BODY, DONE }

  /** A request the server refuses: answered with {@code status} and {@code reason}, then closed. */
  static final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpError(int status, String reason) {
      super(reason, null, false, false);
      this.status = status;
    }
  }

  private final int maxHeaderBytes;
  private final int maxBodyBytes;
  private byte[] buf = new byte[512];
  private int len;
  private int lineStart;
  private int scan;
  private Phase phase = Phase.REQUEST_LINE;
  private String method;
  private String rawPath;
  private String rawQuery;
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private int headerCount;
  private int bodyStart;
  private int contentLength;

  RequestParser(int maxHeaderBytes, int maxBodyBytes) {
    this.maxHeaderBytes = maxHeaderBytes;
    this.maxBodyBytes = maxBodyBytes;
  }

  Phase phase() {
    return phase;
  }

  /**
   * Consumes {@code data}; returns true once the request is complete (bytes after it are ignored).
   *
   * @throws HttpError if the request is refused
   */
  boolean feed(ByteBuffer data) {
    while (phase != Phase.DONE && data.hasRemaining()) {
      int cap = phase == Phase.BODY ? bodyStart + contentLength : maxHeaderBytes;
      int take = Math.min(data.remaining(), cap - len + 1); // one byte over the bound proves it is exceeded
      ensure(len + take);
      data.get(buf, len, take);
      len += take;
      parse();
    }
    if (phase == Phase.DONE) {
      data.position(data.limit()); // bytes after the request (pipelining) are not served
    }
    return phase == Phase.DONE;
  }

  private void parse() {
    while (phase != Phase.DONE) {
      if (phase == Phase.BODY) {
        if (len >= bodyStart + contentLength) {
          phase = Phase.DONE;
        }
        return;
      }
      int nl = nextLine();
      if (nl < 0) {
        if (len > maxHeaderBytes) {
          throw phase == Phase.REQUEST_LINE
              ? new HttpError(414, "request line longer than " + maxHeaderBytes + " bytes")
              : new HttpError(431, "header section longer than " + maxHeaderBytes + " bytes");
        }
        return;
      }
      int end = nl > lineStart && buf[nl - 1] == '\r' ? nl - 1 : nl;
      String line = new String(buf, lineStart, end - lineStart, StandardCharsets.ISO_8859_1);
      lineStart = nl + 1;
      if (phase == Phase.REQUEST_LINE) {
        if (!line.isEmpty()) {
          requestLine(line);
          phase = Phase.HEADERS;
        }
      } else if (line.isEmpty()) {
        endOfHeaders();
      } else {
        header(line);
      }
    }
  }

  /** The complete request; only after {@link #feed} returned true. */
  Request request(InetAddress remote) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    return new Request(method, rawPath, rawQuery, h, Arrays.copyOfRange(buf, bodyStart, bodyStart + contentLength),
        remote);
  }

  /** The request's method once its line is read, else null (used to answer HEAD errors without a body). */
  String method() {
    return method;
  }

  private int nextLine() {
    for (; scan < len; scan++) {
      int b = buf[scan] & 0xff;
      if (b == '\n') {
        return scan++;
      }
      if (b == '\r') {
        if (scan + 1 < len && buf[scan + 1] != '\n') {
          throw new HttpError(400, "CR not followed by LF");
        }
      } else if (phase == Phase.REQUEST_LINE ? (b < 0x20 || b > 0x7e) : ((b < 0x20 && b != '\t') || b == 0x7f)) {
        throw new HttpError(400, phase == Phase.REQUEST_LINE
            ? "request line must be visible ASCII (is this TLS? the endpoint speaks plain HTTP)"
            : "control character in a header field");
      }
    }
    return -1;
  }

  private void requestLine(String line) {
    String[] parts = line.split(" ", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new HttpError(400, "request line must be 'METHOD target HTTP/1.1'");
    }
    if (!isToken(parts[0])) {
      throw new HttpError(400, "method must be a token");
    }
    if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
      throw parts[2].matches("HTTP/[0-9]\\.[0-9]")
          ? new HttpError(505, "only HTTP/1.0 and HTTP/1.1 are served")
          : new HttpError(400, "request line must end with HTTP/1.1");
    }
    String target = parts[1];
    if (target.startsWith("http://") || target.startsWith("https://")) { // absolute-form, RFC 9112 §3.2.2
      int slash = target.indexOf('/', target.indexOf("//") + 2);
      target = slash < 0 ? "/" : target.substring(slash);
    }
    if (!target.startsWith("/")) {
      throw new HttpError(400, "request target must be a path starting with '/'");
    }
    int q = target.indexOf('?');
    int hash = target.indexOf('#');
    if (hash >= 0) {
      throw new HttpError(400, "request target must not contain a fragment");
    }
    method = parts[0];
    rawPath = q < 0 ? target : target.substring(0, q);
    rawQuery = q < 0 ? null : target.substring(q + 1);
  }

  private void header(String line) {
    if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
      throw new HttpError(400, "obsolete line folding in the header section");
    }
    int colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line.substring(0, colon))) {
      throw new HttpError(400, "header field must be 'name: value'");
    }
    if (++headerCount > MAX_HEADERS) {
      throw new HttpError(431, "more than " + MAX_HEADERS + " header fields");
    }
    String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
    headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(line.substring(colon + 1).strip());
  }

  private void endOfHeaders() {
    if (headers.containsKey("transfer-encoding")) {
      throw new HttpError(501, "Transfer-Encoding is not supported; send a Content-Length");
    }
    List<String> lengths = headers.getOrDefault("content-length", List.of());
    long length = 0;
    for (int i = 0; i < lengths.size(); i++) {
      String v = lengths.get(i);
      if (v.isEmpty() || v.length() > 12 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new HttpError(400, "Content-Length must be a non-negative integer");
      }
      long l = Long.parseLong(v);
      if (i > 0 && l != length) {
        throw new HttpError(400, "conflicting Content-Length fields");
      }
      length = l;
    }
    if (length > maxBodyBytes) {
      throw new HttpError(413, "body longer than " + maxBodyBytes + " bytes");
    }
    contentLength = (int) length;
    bodyStart = lineStart;
    phase = len >= bodyStart + contentLength ? Phase.DONE : Phase.BODY;
  }

  private void ensure(int size) {
    if (size > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(size, Math.min(buf.length * 2, maxHeaderBytes + maxBodyBytes + 1)));
    }
  }

  private static boolean isToken(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return !s.isEmpty();
  }
}
