package dev.selfheal.core.annotation;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Annotation parameters overridden from outside the code, under MicroProfile Fault Tolerance's names:
 * {@code <class>/<method>/<Annotation>/<parameter>} for one method, {@code <class>/<Annotation>/<parameter>}
 * for every method of a class, and {@code <Annotation>/<parameter>} for every use of the annotation. The
 * class is the supervised interface's binary name ({@code com.acme.Payments}), the annotation its simple
 * name ({@code CircuitBreaker}), the parameter the annotation element's name ({@code failureRatio}). Only
 * an annotation that is present can have its parameters overridden (as in MicroProfile), so overrides tune
 * policies but never add one.
 *
 * <p><b>Precedence</b>, first found wins:
 * <ol>
 *   <li>the method-level key, then the class-level key, then the global key (a more specific key beats a
 *       more general one, whatever its source);
 *   <li>for one key, a system property beats the map (as MicroProfile Config ranks system properties above
 *       application properties);
 *   <li>with no key found, the annotation's own value.
 * </ol>
 * Values are parsed when the handle is created: a value that does not parse is an
 * {@link IllegalArgumentException} naming the key and the value, never a silent default.
 *
 * <p>This class is immutable and thread-safe. System properties are read when a handle is created.
 */
public final class Overrides {
  private static final Overrides SYSTEM = new Overrides(Map.of(), true);
  private static final Overrides NONE = new Overrides(Map.of(), false);

  private final Map<String, String> map;
  private final boolean systemProperties;

  private Overrides(Map<String, String> map, boolean systemProperties) {
    this.map = Map.copyOf(map);
    this.systemProperties = systemProperties;
  }

  /** {@return overrides read from system properties only: the default of every handle} */
  public static Overrides systemProperties() {
    return SYSTEM;
  }

  /**
   * System properties, then {@code map} (copied).
   *
   * @param map overrides by key, over system properties
   * @return the overrides
   */
  public static Overrides of(Map<String, String> map) {
    return new Overrides(Objects.requireNonNull(map, "map"), true);
  }

  /**
   * {@code map} only, system properties ignored (for tests and for hosts that own their configuration).
   *
   * @param map overrides by key
   * @return the overrides
   */
  public static Overrides mapOnly(Map<String, String> map) {
    return new Overrides(Objects.requireNonNull(map, "map"), false);
  }

  /** {@return overrides that override nothing} */
  public static Overrides none() {
    return NONE;
  }

  /** A key with its value, as found. */
  public record Found(String key, String value) {}

  /**
   * The override of {@code parameter} of {@code annotation} on {@code method} (null for a class-level
   * annotation) of {@code type}, by the precedence above.
   *
   * @param type the annotated type
   * @param method the annotated method, or null
   * @param annotation the annotation's simple name
   * @param parameter the annotation parameter's name
   * @return the override, or empty
   */
  public Optional<Found> find(Class<?> type, Method method, String annotation, String parameter) {
    String tail = annotation + "/" + parameter;
    if (method != null) {
      Optional<Found> f = lookup(type.getName() + "/" + method.getName() + "/" + tail);
      if (f.isPresent()) {
        return f;
      }
    }
    Optional<Found> f = lookup(type.getName() + "/" + tail);
    return f.isPresent() ? f : lookup(tail);
  }

  /**
   * {@code annotated}, or its override parsed as an int.
   *
   * @param type the annotated type
   * @param method the annotated method, or null
   * @param annotation the annotation's simple name
   * @param parameter the annotation parameter's name
   * @param annotated the value in the annotation
   * @return the value in force
   */
  public int intValue(Class<?> type, Method method, String annotation, String parameter, int annotated) {
    return find(type, method, annotation, parameter).map(f -> parse(f, "an integer", Integer::parseInt))
        .orElse(annotated);
  }

  /**
   * {@code annotated}, or its override parsed as a long.
   *
   * @param type the annotated type
   * @param method the annotated method, or null
   * @param annotation the annotation's simple name
   * @param parameter the annotation parameter's name
   * @param annotated the value in the annotation
   * @return the value in force
   */
  public long longValue(Class<?> type, Method method, String annotation, String parameter, long annotated) {
    return find(type, method, annotation, parameter).map(f -> parse(f, "an integer", Long::parseLong))
        .orElse(annotated);
  }

  /**
   * {@code annotated}, or its override parsed as a double.
   *
   * @param type the annotated type
   * @param method the annotated method, or null
   * @param annotation the annotation's simple name
   * @param parameter the annotation parameter's name
   * @param annotated the value in the annotation
   * @return the value in force
   */
  public double doubleValue(Class<?> type, Method method, String annotation, String parameter, double annotated) {
    return find(type, method, annotation, parameter).map(f -> parse(f, "a number", Double::parseDouble))
        .orElse(annotated);
  }

  /**
   * {@code annotated}, or its override: {@code true} or {@code false}, nothing else.
   *
   * @param type the annotated type
   * @param method the annotated method, or null
   * @param annotation the annotation's simple name
   * @param parameter the annotation parameter's name
   * @param annotated the value in the annotation
   * @return the value in force
   */
  public boolean booleanValue(Class<?> type, Method method, String annotation, String parameter, boolean annotated) {
    return find(type, method, annotation, parameter).map(f -> parse(f, "true or false", v -> {
      if (!v.equals("true") && !v.equals("false")) {
        throw new IllegalArgumentException(v);
      }
      return Boolean.parseBoolean(v);
    })).orElse(annotated);
  }

  /**
   * {@code annotated}, or its override as the enum constant of that name.
   *
   * @param <E> the enum type
   * @param type the annotated type
   * @param method the annotated method, or null
   * @param annotation the annotation's simple name
   * @param parameter the annotation parameter's name
   * @param annotated the value in the annotation
   * @return the value in force
   */
  public <E extends Enum<E>> E enumValue(Class<?> type, Method method, String annotation, String parameter,
      E annotated) {
    Class<E> enumType = annotated.getDeclaringClass();
    return find(type, method, annotation, parameter)
        .map(f -> parse(f, "one of " + java.util.Arrays.toString(enumType.getEnumConstants()),
            v -> Enum.valueOf(enumType, v)))
        .orElse(annotated);
  }

  private Optional<Found> lookup(String key) {
    String v = systemProperties ? System.getProperty(key) : null;
    if (v == null) {
      v = map.get(key);
    }
    return v == null ? Optional.empty() : Optional.of(new Found(key, v.trim()));
  }

  private static <T> T parse(Found f, String expected, java.util.function.Function<String, T> parser) {
    try {
      return parser.apply(f.value());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("override " + f.key() + " must be " + expected + ", was '" + f.value()
          + "'", e);
    }
  }

  @Override
  public String toString() {
    return "Overrides[" + (systemProperties ? "system properties, " : "") + map.size() + " mapped]";
  }
}
