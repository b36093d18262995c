package dev.selfheal.recovery;

import java.time.Duration;

/** Range checks shared by the config builders; messages name the field and the value. */
final class Validation {
  private Validation() {}

  static void durationWithin(String field, Duration value, Duration min, Duration max) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(field + " must be within [" + min + ", " + max + "], was " + value);
    }
  }

  static void positive(String field, Duration value, Duration max) {
    durationWithin(field, value, Duration.ZERO, max);
    if (value.isZero()) {
      throw new IllegalArgumentException(field + " must be > 0, was " + value);
    }
  }

  static <T> T notNull(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    return value;
  }
}
