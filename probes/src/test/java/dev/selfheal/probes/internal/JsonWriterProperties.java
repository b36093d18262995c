package dev.selfheal.probes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.probes.MiniJson;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

class JsonWriterProperties {

  /** Any Java string, including control characters and lone surrogates, survives a write and a strict parse. */
  @Property(tries = 2000)
  void anyStringRoundTrips(@ForAll @StringLength(max = 40) @CharRange(from = '\u0000', to = '\uffff') String s) {
    String json = new JsonWriter().beginObject().member(s, s).name("list").beginArray().value(s).endArray()
        .endObject().toString();
    Map<String, Object> back = MiniJson.object(json);
    assertThat(back.get(s)).isEqualTo(s);
    assertThat(back.get("list")).isEqualTo(List.of(s));
  }

  /** The output has no raw control character and no unpaired surrogate: it is always valid UTF-8 text. */
  @Property(tries = 2000)
  void outputIsAlwaysWellFormedText(
      @ForAll @StringLength(max = 40) @Chars({'\n', '"', '\\', '\u2028', '\uD800', '\uDC00', 'a', '\u0001'}) String s) {
    String json = new JsonWriter().value(s).toString();
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      assertThat(c).isGreaterThanOrEqualTo(' ');
      assertThat(c).isNotIn('\u2028', '\u2029');
      if (Character.isHighSurrogate(c)) {
        assertThat(Character.isLowSurrogate(json.charAt(++i))).isTrue();
      } else {
        assertThat(Character.isLowSurrogate(c)).isFalse();
      }
    }
  }
}
