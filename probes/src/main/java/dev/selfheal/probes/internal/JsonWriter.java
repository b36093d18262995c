package dev.selfheal.probes.internal;

import dev.selfheal.core.event.JsonStrings;
import java.util.Arrays;

/**
 * A small streaming JSON writer (RFC 8259) for the endpoint's responses: objects, arrays, strings, numbers,
 * booleans and null, with commas handled. Strings are escaped by core's {@link JsonStrings}, the same
 * escaper the journal's JSON lines use, so the output is valid JSON and valid UTF-8 whatever the input.
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
    JsonStrings.quote(out, name);
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
    JsonStrings.quote(out, value);
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

  /** A finite double; NaN and infinities (which JSON cannot hold) are written as null. */
  public JsonWriter value(double value) {
    if (!Double.isFinite(value)) {
      return nullValue();
    }
    beforeValue();
    out.append(value);
    return this;
  }

  /**
   * A scalar: integral numbers as {@link #value(long)}, other numbers as {@link #value(double)}, booleans, and
   * anything else (null included) as its string.
   */
  public JsonWriter scalar(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return value(((Number) value).longValue());
    }
    if (value instanceof Number n) {
      return value(n.doubleValue());
    }
    if (value instanceof Boolean b) {
      return value(b.booleanValue());
    }
    return value == null ? nullValue() : value(value.toString());
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
}
