package dev.selfheal.probes.internal;

import java.util.Arrays;

/**
 * A small streaming JSON writer (RFC 8259) for the endpoint's responses: objects, arrays, strings, numbers,
 * booleans and null, with commas and escaping handled. Strings are escaped so that the output is valid JSON
 * and valid UTF-8 whatever the input: quote, backslash and control characters, U+2028/U+2029 (which break
 * JavaScript embedding), and unpaired surrogates become escapes.
 *
 * <pre>{@code
 * String json = new JsonWriter().beginObject().name("ok").value(true).endObject().toString();
 * }</pre>
 *
 * <p>Misuse (a value where a name is expected, unbalanced ends) throws {@link IllegalStateException}.
 *
 * <p>This class is not thread-safe.
 */
public final class JsonWriter {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out;
  /** Per open container: 'o' object expecting a name, 'v' object expecting the value after a name, 'a' array. */
  private char[] stack = new char[16];
  /** Per open container: whether it already holds an element. */
  private boolean[] nonEmpty = new boolean[16];
  private int depth;
  private boolean done;

  public JsonWriter() {
    this(new StringBuilder(256));
  }

  public JsonWriter(StringBuilder out) {
    this.out = out;
  }

  public JsonWriter beginObject() {
    beforeValue();
    out.append('{');
    push('o');
    return this;
  }

  public JsonWriter endObject() {
    if (depth == 0 || stack[depth - 1] != 'o') {
      throw new IllegalStateException("endObject() outside an object, or after a name without its value");
    }
    depth--;
    out.append('}');
    return this;
  }

  public JsonWriter beginArray() {
    beforeValue();
    out.append('[');
    push('a');
    return this;
  }

  public JsonWriter endArray() {
    if (depth == 0 || stack[depth - 1] != 'a') {
      throw new IllegalStateException("endArray() outside an array");
    }
    depth--;
    out.append(']');
    return this;
  }

  /** The name of the next member of the current object. */
  public JsonWriter name(String name) {
    if (depth == 0 || stack[depth - 1] != 'o') {
      throw new IllegalStateException("name(\"" + name + "\") outside an object or right after another name");
    }
    if (nonEmpty[depth - 1]) {
      out.append(',');
    }
    nonEmpty[depth - 1] = true;
    quote(out, name);
    out.append(':');
    stack[depth - 1] = 'v';
    return this;
  }

  /** A string, or null. */
  public JsonWriter value(String value) {
    if (value == null) {
      return nullValue();
    }
    beforeValue();
    quote(out, value);
    return this;
  }

  public JsonWriter value(long value) {
    beforeValue();
    out.append(value);
    return this;
  }

  public JsonWriter value(boolean value) {
    beforeValue();
    out.append(value);
    return this;
  }

  public JsonWriter nullValue() {
    beforeValue();
    out.append("null");
    return this;
  }

  /** Inserts an already-serialised JSON value verbatim (the caller vouches for its validity). */
  public JsonWriter rawValue(String json) {
    beforeValue();
    out.append(json);
    return this;
  }

  /** Shorthand for {@code name(name).value(value)}. */
  public JsonWriter member(String name, String value) {
    return name(name).value(value);
  }

  public JsonWriter member(String name, long value) {
    return name(name).value(value);
  }

  public JsonWriter member(String name, boolean value) {
    return name(name).value(value);
  }

  /** The JSON written so far; complete once every container is closed. */
  @Override
  public String toString() {
    return out.toString();
  }

  private void beforeValue() {
    if (depth == 0) {
      if (done) {
        throw new IllegalStateException("a JSON text holds one top-level value");
      }
      done = true;
      return;
    }
    char top = stack[depth - 1];
    if (top == 'o') {
      throw new IllegalStateException("a value inside an object needs a name first");
    }
    if (top == 'v') {
      stack[depth - 1] = 'o';
      return;
    }
    if (nonEmpty[depth - 1]) {
      out.append(',');
    }
    nonEmpty[depth - 1] = true;
  }

  private void push(char kind) {
    if (depth == stack.length) {
      stack = Arrays.copyOf(stack, depth * 2);
      nonEmpty = Arrays.copyOf(nonEmpty, depth * 2);
    }
    stack[depth] = kind;
    nonEmpty[depth] = false;
    depth++;
  }

  /** Appends {@code s} as a JSON string literal. */
  public static void quote(StringBuilder sb, String s) {
    sb.append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            unicodeEscape(sb, c);
          } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i)); // a valid pair passes through
          } else if (Character.isSurrogate(c)) {
            unicodeEscape(sb, c); // unpaired: not encodable in UTF-8, so escape it
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static void unicodeEscape(StringBuilder sb, char c) {
    sb.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}
