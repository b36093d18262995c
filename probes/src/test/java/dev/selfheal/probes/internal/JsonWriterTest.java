package dev.selfheal.probes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.probes.MiniJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

  static String quoted(String s) {
    StringBuilder sb = new StringBuilder();
    dev.selfheal.core.event.JsonStrings.quote(sb, s);
    return sb.toString();
  }

  @Test
  void escapesWhatRfc8259Requires() {
    assertThat(quoted("plain")).isEqualTo("\"plain\"");
    assertThat(quoted("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    assertThat(quoted("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
    assertThat(quoted("\u0000\u001f")).isEqualTo("\"\\u0000\\u001f\"");
    assertThat(quoted("/ and é and 日本")).isEqualTo("\"/ and é and 日本\"");
  }

  @Test
  void escapesLineSeparatorsAndUnpairedSurrogatesButKeepsValidPairs() {
    assertThat(quoted("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
    assertThat(quoted("\uD83D\uDE00")).isEqualTo("\"\uD83D\uDE00\""); // 😀 passes through
    assertThat(quoted("x\uD83Dy")).isEqualTo("\"x\\ud83dy\"");
    assertThat(quoted("\uDE00\uD83D")).isEqualTo("\"\\ude00\\ud83d\""); // reversed pair is two lone halves
    assertThat(quoted("end\uD83D")).isEqualTo("\"end\\ud83d\"");
  }

  @Test
  void writesNestedStructuresWithCommasInTheRightPlaces() {
    String json = new JsonWriter().beginObject()
        .member("s", "v")
        .member("n", -42)
        .member("b", false)
        .name("nil").nullValue()
        .name("arr").beginArray().value(1).beginObject().endObject().beginArray().endArray().value("x").endArray()
        .name("raw").rawValue("{\"k\":[true]}")
        .name("empty").beginObject().endObject()
        .endObject().toString();
    assertThat(json).isEqualTo("{\"s\":\"v\",\"n\":-42,\"b\":false,\"nil\":null,\"arr\":[1,{},[],\"x\"],"
        + "\"raw\":{\"k\":[true]},\"empty\":{}}");
    Map<String, Object> parsed = MiniJson.object(json);
    assertThat(parsed.get("arr")).isEqualTo(List.of(1L, Map.of(), List.of(), "x"));
    assertThat(parsed).containsEntry("nil", null).containsEntry("n", -42L);
  }

  @Test
  void namesAreEscapedToo() {
    String json = new JsonWriter().beginObject().member("we\"ird\nname", 1).endObject().toString();
    assertThat(MiniJson.object(json)).containsEntry("we\"ird\nname", 1L);
  }

  @Test
  void deepNestingGrowsTheStack() {
    JsonWriter w = new JsonWriter();
    for (int i = 0; i < 100; i++) {
      w.beginArray();
    }
    for (int i = 0; i < 100; i++) {
      w.endArray();
    }
    assertThat(w.toString()).isEqualTo("[".repeat(100) + "]".repeat(100));
  }

  @Test
  void misuseIsRefused() {
    assertThatThrownBy(() -> new JsonWriter().beginObject().value("no name"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a name");
    assertThatThrownBy(() -> new JsonWriter().beginArray().name("x"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new JsonWriter().beginArray().endObject())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new JsonWriter().beginObject().name("a").endObject())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new JsonWriter().value(1).value(2))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("one top-level value");
  }

  @Test
  void scalarsKeepTheirJsonTypeAndNonFiniteDoublesBecomeNull() {
    String json = new JsonWriter().beginArray().scalar(3).scalar(4L).scalar(12.5).scalar(true).scalar("s")
        .scalar(null).value(Double.NaN).value(Double.POSITIVE_INFINITY).endArray().toString();
    assertThat(json).isEqualTo("[3,4,12.5,true,\"s\",null,null,null]");
  }
}
