package dev.selfheal.core.internal.handle;

import dev.selfheal.core.Backoff;
import dev.selfheal.core.ChildSpec;
import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.RestartType;
import dev.selfheal.core.Shutdown;
import dev.selfheal.core.annotation.Overrides;
import dev.selfheal.core.annotation.Supervised;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A supervised interface's child parameters, each from (first found) an override, the options, the
 * {@link Supervised} annotation, the default. Values are validated here with messages naming the
 * interface, the annotation element and the value.
 */
record SupervisedSettings(String id, RestartType restartType, Shutdown shutdown, Duration startTimeout,
    Backoff backoff, List<Class<? extends Throwable>> fatal) {

  private static final String ANN = "Supervised";

  static SupervisedSettings resolve(Class<?> type, HandleOptions o) {
    Supervised s = type.getAnnotation(Supervised.class);
    Overrides ov = o.overrides();
    String where = type.getName() + ": @" + ANN + "(";

    String id = ov.find(type, null, ANN, "id").map(Overrides.Found::value).orElse(null);
    if (id == null) {
      id = o.id() != null ? o.id() : s != null && !s.id().isEmpty() ? s.id() : defaultId(type);
    }
    try {
      ChildSpec.service(id, () -> null); // validates the id alone
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + "id) " + e.getMessage(), e);
    }

    RestartType restart = ov.enumValue(type, null, ANN, "restart",
        o.restartType() != null ? o.restartType() : s != null ? s.restart() : RestartType.PERMANENT);

    Shutdown shutdown = o.shutdown();
    boolean shutdownOverridden = ov.find(type, null, ANN, "shutdownMillis").isPresent();
    if (shutdown == null || shutdownOverridden) {
      long ms = ov.longValue(type, null, ANN, "shutdownMillis", s != null ? s.shutdownMillis() : 5000);
      if (ms == 0) {
        shutdown = Shutdown.brutalKill();
      } else if (ms == Supervised.INFINITY) {
        shutdown = Shutdown.infinity();
      } else if (ms > 0) {
        shutdown = Shutdown.timeout(Duration.ofMillis(ms));
      } else {
        throw new IllegalArgumentException(where + "shutdownMillis) must be > 0, 0 (brutal_kill) or -1 (infinity),"
            + " was " + ms);
      }
    }

    Duration startTimeout = o.startTimeout();
    if (startTimeout == null || ov.find(type, null, ANN, "startTimeoutMillis").isPresent()) {
      long ms = ov.longValue(type, null, ANN, "startTimeoutMillis", s != null ? s.startTimeoutMillis() : 30000);
      if (ms <= 0) {
        throw new IllegalArgumentException(where + "startTimeoutMillis) must be > 0, was " + ms);
      }
      startTimeout = Duration.ofMillis(ms);
    }

    Backoff backoff = o.backoff();
    if (backoff == null || ov.find(type, null, ANN, "backoffInitialMillis").isPresent()
        || ov.find(type, null, ANN, "backoffMaxMillis").isPresent()) {
      long initial = ov.longValue(type, null, ANN, "backoffInitialMillis", s != null ? s.backoffInitialMillis() : 0);
      long max = ov.longValue(type, null, ANN, "backoffMaxMillis", s != null ? s.backoffMaxMillis() : 30000);
      if (initial < 0) {
        throw new IllegalArgumentException(where + "backoffInitialMillis) must be >= 0, was " + initial);
      }
      if (initial > 0 && max < initial) {
        throw new IllegalArgumentException(where + "backoffMaxMillis) must be >= backoffInitialMillis (" + initial
            + "), was " + max);
      }
      backoff = initial == 0 ? Backoff.none() : Backoff.exponential(Duration.ofMillis(initial), Duration.ofMillis(max));
    }

    if (ov.booleanValue(type, null, ANN, "significant", s != null && s.significant())) {
      throw new IllegalArgumentException(where + "significant) true is not supported: this version's supervisors"
          + " have no auto_shutdown, so a significant child would silently behave as an ordinary one");
    }

    List<Class<? extends Throwable>> fatal = new ArrayList<>(o.fatal());
    Overrides.Found fatalOverride = ov.find(type, null, ANN, "fatal").orElse(null);
    if (fatalOverride != null) {
      fatal.addAll(classes(type, fatalOverride));
    } else if (s != null) {
      fatal.addAll(List.of(s.fatal()));
    }
    return new SupervisedSettings(id, restart, shutdown, startTimeout, backoff, fatal);
  }

  ChildSpec.Builder apply(ChildSpec.Builder b) {
    return b.restartType(restartType).shutdown(shutdown).startTimeout(startTimeout).backoff(backoff);
  }

  private static String defaultId(Class<?> type) {
    String n = type.getSimpleName();
    return Character.toLowerCase(n.charAt(0)) + n.substring(1);
  }

  /** A comma-separated list of Throwable class names, loaded with the interface's loader. */
  private static List<Class<? extends Throwable>> classes(Class<?> type, Overrides.Found f) {
    List<Class<? extends Throwable>> out = new ArrayList<>();
    for (String name : f.value().split(",")) {
      String n = name.trim();
      if (n.isEmpty()) {
        continue;
      }
      try {
        Class<?> c = Class.forName(n, false, type.getClassLoader());
        if (!Throwable.class.isAssignableFrom(c)) {
          throw new IllegalArgumentException("override " + f.key() + ": " + n + " is not a Throwable");
        }
        out.add(c.asSubclass(Throwable.class));
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException("override " + f.key() + ": class '" + n + "' not found", e);
      }
    }
    return out;
  }
}
