package dev.selfheal.core.event;

/**
 * JSON string literals (RFC 8259, section 7), shared by the journal's JSON-lines format and the probes
 * module's endpoint so that both write the same, always-valid UTF-8: quote, backslash and control
 * characters are escaped; U+2028/U+2029 too (they end a line in JavaScript); a valid surrogate pair passes
 * through; an unpaired surrogate, which UTF-8 cannot encode, is written as a {@code \\uXXXX} escape.
 *
 * <p>This class is thread-safe (stateless).
 */
public final class JsonStrings {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonStrings() {}

  /**
   * Appends {@code s} to {@code sb} as a JSON string literal, quotes included.
   *
   * @param sb where the literal goes
   * @param s the string; null is written as {@code null}
   */
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
            sb.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            unicodeEscape(sb, c);
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
