package dev.selfheal.probes.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an unauthenticated caller may see of a failure's text: an exception is reduced to its class's simple
 * name, its message dropped. The library writes exceptions as {@code fully.qualified.Name: message}
 * (probe failures, exit reasons, start failures) at the end of their text, so the rule is: a fully qualified
 * class name and everything after it (a message may span lines and hold causes) become the simple name ({@code threw java.io.IOException: secret}
 * becomes {@code threw IOException}). Text before the class name (written by the library, not by the
 * exception) is kept. The journal file and the log keep the full text.
 *
 * <p>This class is stateless and thread-safe.
 */
final class Redactor {
  private static final Pattern EXCEPTION = Pattern.compile(
      "(?s)(?<![\\w$.])(?:[a-z_][\\w$]*\\.)+([A-Z][\\w$]*)(?::.*)?");

  private Redactor() {}

  static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    Matcher m = EXCEPTION.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length());
    do {
      String simple = m.group(1);
      int dollar = simple.lastIndexOf('$');
      m.appendReplacement(sb, Matcher.quoteReplacement(dollar >= 0 ? simple.substring(dollar + 1) : simple));
    } while (m.find());
    m.appendTail(sb);
    return sb.toString();
  }
}
