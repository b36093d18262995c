package dev.selfheal.probes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.probes.internal.HttpMessages.Request;
import dev.selfheal.probes.internal.RequestParser.HttpError;
import dev.selfheal.probes.internal.RequestParser.Phase;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RequestParserTest {
  static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  static Request parse(String s) {
    RequestParser p = new RequestParser(1024, 64);
    assertThat(p.feed(bytes(s))).as("complete").isTrue();
    return p.request(null);
  }

  @Test
  void parsesMethodPathQueryHeadersAndBody() {
    Request r = parse("POST /selfheal/restart?path=app/db HTTP/1.1\r\nHost: x\r\nAuthorization:  Bearer t \r\n"
        + "authorization: Bearer u\r\nContent-Length: 3\r\n\r\nabcIGNORED");
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.rawPath()).isEqualTo("/selfheal/restart");
    assertThat(r.rawQuery()).isEqualTo("path=app/db");
    assertThat(r.header("AUTHORIZATION")).containsExactly("Bearer t", "Bearer u");
    assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("abc");
  }

  @Test
  void phasesAdvanceAsBytesArrive() {
    RequestParser p = new RequestParser(1024, 64);
    assertThat(p.feed(bytes("GET /livez HT"))).isFalse();
    assertThat(p.phase()).isEqualTo(Phase.REQUEST_LINE);
    assertThat(p.feed(bytes("TP/1.1\r\nHost:"))).isFalse();
    assertThat(p.phase()).isEqualTo(Phase.HEADERS);
    assertThat(p.feed(bytes(" x\r\nContent-Length: 2\r\n\r\n"))).isFalse();
    assertThat(p.phase()).isEqualTo(Phase.BODY);
    assertThat(p.feed(bytes("a"))).isFalse();
    assertThat(p.feed(bytes("b"))).isTrue();
  }

  /** However the request is cut into packets, the parse is the same. */
  @Property(tries = 200)
  void splittingNeverChangesTheResult(@ForAll @IntRange(min = 1, max = 40) int chunk) {
    String raw = "POST /a?b=c HTTP/1.1\nHost: x\r\nContent-Length: 5\r\n\nhello";
    RequestParser p = new RequestParser(1024, 64);
    boolean done = false;
    for (int i = 0; i < raw.length(); i += chunk) {
      done = p.feed(bytes(raw.substring(i, Math.min(raw.length(), i + chunk))));
    }
    assertThat(done).isTrue();
    Request r = p.request(null);
    assertThat(r.rawQuery()).isEqualTo("b=c");
    assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("hello");
  }

  @Test
  void refusalsCarryTheirStatus() {
    record Case(String raw, int status, String reason) {}
    for (Case c : List.of(
        new Case("\u0016\u0003\u0001", 400, "request line must be visible ASCII"),
        new Case("GET /x HTTP/1.1\rX", 400, "CR not followed by LF"),
        new Case("GET /x HTTP/3.0\r\n", 505, "only HTTP/1.0 and HTTP/1.1"),
        new Case("GET /x  HTTP/1.1\r\n", 400, "request line must be"),
        new Case("G(T /x HTTP/1.1\r\n", 400, "method must be a token"),
        new Case("GET /x#f HTTP/1.1\r\n", 400, "fragment"),
        new Case("GET /" + "a".repeat(1100), 414, "request line longer than 1024 bytes"),
        new Case("GET / HTTP/1.1\r\nX: " + "a".repeat(1100), 431, "header section longer than 1024 bytes"),
        new Case("GET / HTTP/1.1\r\nX : a\r\n", 400, "header field must be"),
        new Case("GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400, "Content-Length must be"),
        new Case("GET / HTTP/1.1\r\nContent-Length: 65\r\n\r\n", 413, "body longer than 64 bytes"),
        new Case("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 501, "Transfer-Encoding"))) {
      assertThatThrownBy(() -> new RequestParser(1024, 64).feed(bytes(c.raw))).as(c.raw)
          .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status).isEqualTo(c.status))
          .hasMessageContaining(c.reason);
    }
  }
}
