package dev.selfheal.probes.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed URL query string ({@code a=1&b&a=2}): percent-decoded, repeatable keys, order kept.
 *
 * <p>This class is immutable after parsing and not meant to be shared across requests.
 */
final class Query {
  private final Map<String, List<String>> params;

  private Query(Map<String, List<String>> params) {
    this.params = params;
  }

  /**
   * Parses a raw (still percent-encoded) query; null or empty gives an empty query.
   *
   * @throws BadRequest on malformed percent-encoding or an empty key
   */
  static Query parse(String rawQuery) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (key.isEmpty()) {
          throw new BadRequest("query parameter without a name");
        }
        params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      }
    }
    return new Query(params);
  }

  boolean has(String key) {
    return params.containsKey(key);
  }

  /** The keys given, in order (each once). */
  java.util.Set<String> names() {
    return java.util.Collections.unmodifiableSet(params.keySet());
  }

  List<String> all(String key) {
    return params.getOrDefault(key, List.of());
  }

  /**
   * The single value of {@code key}, or null if absent.
   *
   * @throws BadRequest if it is given more than once
   */
  String single(String key) {
    List<String> values = params.get(key);
    if (values == null) {
      return null;
    }
    if (values.size() > 1) {
      throw new BadRequest("query parameter '" + key + "' must be given once, was given " + values.size() + " times");
    }
    return values.get(0);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("malformed percent-encoding in the query");
    }
  }

  /** Malformed client input: answered with 400 and the message. */
  static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }
}
