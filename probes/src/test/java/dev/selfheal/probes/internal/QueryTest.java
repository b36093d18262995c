package dev.selfheal.probes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryTest {
  @Test
  void parsesRepeatedFlagAndEncodedParameters() {
    Query q = Query.parse("verbose&exclude=app%2Fdb&exclude=circuit:x&&since=3&plus=a+b");
    assertThat(q.has("verbose")).isTrue();
    assertThat(q.single("verbose")).isEmpty();
    assertThat(q.all("exclude")).containsExactly("app/db", "circuit:x");
    assertThat(q.single("since")).isEqualTo("3");
    assertThat(q.single("plus")).isEqualTo("a b");
    assertThat(q.single("absent")).isNull();
    assertThat(Query.parse(null).all("x")).isEqualTo(List.of());
  }

  @Test
  void malformedInputIsABadRequest() {
    assertThatThrownBy(() -> Query.parse("x=%zz")).isInstanceOf(Query.BadRequest.class)
        .hasMessage("malformed percent-encoding in the query");
    assertThatThrownBy(() -> Query.parse("=v")).isInstanceOf(Query.BadRequest.class)
        .hasMessage("query parameter without a name");
    assertThatThrownBy(() -> Query.parse("a=1&a=2").single("a")).isInstanceOf(Query.BadRequest.class)
        .hasMessage("query parameter 'a' must be given once, was given 2 times");
  }
}
