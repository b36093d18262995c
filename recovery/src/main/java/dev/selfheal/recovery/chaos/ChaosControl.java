package dev.selfheal.recovery.chaos;

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.JsonStrings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The operator's view of fault injection: the injection points of a service by name, what is armed on each,
 * and commands that take plain strings (as an HTTP query or a config file gives them), so that an endpoint
 * can expose chaos without knowing this module's types.
 *
 * <pre>{@code
 * ChaosControl chaos = ChaosControl.of(paymentFaults, workerFaults);
 * chaos.inject("payments", Map.of("fault", "exception", "message", "gateway 503",
 *     "trigger", "probability", "p", "0.2", "durationMillis", "2000"), Actor.operator("ana"));
 * chaos.clearAll(Actor.operator("ana"));
 * }</pre>
 *
 * <p><b>Parameters</b> of {@link #inject}: {@code fault} (required: {@code exception | latency | hang |
 * crash}), {@code message} (exception; default {@code "injected by <actor>"}), {@code delayMillis}
 * (latency: required; hang: optional bound), {@code trigger} ({@code always} (default) {@code | probability
 * | every | first | now}), {@code p} (probability), {@code n} (every, first), {@code startAfterMillis},
 * {@code durationMillis}, {@code scope} ({@code instance} (default) {@code | component}). Anything else, a
 * missing value or a malformed one is refused with an {@link IllegalArgumentException} naming the parameter
 * and the value.
 *
 * <p><b>Over HTTP</b>: {@link #bind(RuntimeContext)} puts the points on the tree's operator endpoint, where
 * the parameters are the query's and the point is {@code name}:
 * {@code POST /selfheal/chaos/inject?name=payments&fault=exception&trigger=probability&p=0.2}.
 *
 * <p>This class is thread-safe.
 */
public final class ChaosControl {
  private static final Set<String> PARAMETERS = Set.of("fault", "message", "delayMillis", "trigger", "p", "n",
      "startAfterMillis", "durationMillis", "scope");

  private final ConcurrentSkipListMap<String, FaultInjector> points = new ConcurrentSkipListMap<>();

  private ChaosControl() {}

  /**
   * A control over {@code injectors}, whose names must be distinct.
   *
   * @param injectors the injection points
   * @return the control
   */
  public static ChaosControl of(FaultInjector... injectors) {
    ChaosControl c = new ChaosControl();
    for (FaultInjector i : injectors) {
      c.register(i);
    }
    return c;
  }

  /**
   * Adds an injection point.
   *
   * @param injector the point
   * @return this control
   * @throws IllegalArgumentException if its name is taken
   */
  public ChaosControl register(FaultInjector injector) {
    if (injector == null) {
      throw new IllegalArgumentException("injector must not be null");
    }
    if (points.putIfAbsent(injector.name(), injector) != null) {
      throw new IllegalArgumentException("point: an injection point named '" + injector.name() + "' is registered");
    }
    return this;
  }

  /**
   * Publishes this control on the operator endpoint of every tree of {@code context} (the probes module's
   * {@code POST /selfheal/chaos/inject|clear} and {@code GET /selfheal/chaos}, authenticated like every
   * command there) until the registration is closed. Bound to that context only: another tree's endpoint in
   * the same JVM never sees these points.
   */
  public RuntimeContext.Registration bind(RuntimeContext context) {
    if (context == null) {
      throw new IllegalArgumentException("context must not be null");
    }
    return ChaosControlProvider.bind(context, new ContextFaultControl(this));
  }

  /** {@return the injection points' names, sorted} */
  public Set<String> points() {
    return points.keySet();
  }

  /**
   * {@return the injector named {@code point}}
   *
   * @param point the injector's name
   * @throws IllegalArgumentException if there is none
   */
  public FaultInjector point(String point) {
    FaultInjector i = point == null ? null : points.get(point);
    if (i == null) {
      throw new IllegalArgumentException("point: no injection point named " + quoted(point) + " (known: "
          + points.keySet() + ")");
    }
    return i;
  }

  /**
   * Injects the fault described by {@code parameters} (see the class comment) at {@code point}.
   *
   * @param point the injector's name
   * @param parameters the fault, its trigger and timing
   * @param actor who injects, for the journal
   * @return the injection
   */
  public FaultInjection inject(String point, Map<String, String> parameters, Actor actor) {
    FaultInjector injector = point(point);
    return injector.inject(parse(parameters, actor), actor);
  }

  /**
   * Clears the fault at {@code point}; whether there was one.
   *
   * @param point the injector's name
   * @param actor who clears, for the journal
   * @return whether there was a fault
   */
  public boolean clear(String point, Actor actor) {
    return point(point).clear(actor);
  }

  /**
   * Clears every fault; how many there were.
   *
   * @param actor who clears, for the journal
   * @return how many faults were cleared
   */
  public int clearAll(Actor actor) {
    int n = 0;
    for (FaultInjector i : points.values()) {
      n += i.clear(actor) ? 1 : 0;
    }
    return n;
  }

  /** {@return the faults armed or scheduled now, by point name} */
  public List<FaultInjection> active() {
    List<FaultInjection> out = new ArrayList<>();
    for (FaultInjector i : points.values()) {
      i.active().ifPresent(out::add);
    }
    return out;
  }

  /**
   * {@code {"points":[{"name":"payments","active":{"id":"fault-3",...}|null},...]}}.
   *
   * @return the injection points and their active faults, as JSON
   */
  public String toJson() {
    StringBuilder sb = new StringBuilder("{\"points\":[");
    boolean first = true;
    for (FaultInjector i : points.values()) {
      sb.append(first ? "" : ",").append("{\"name\":");
      first = false;
      JsonStrings.quote(sb, i.name());
      sb.append(",\"active\":");
      FaultInjection f = i.active().orElse(null);
      if (f == null) {
        sb.append("null");
      } else {
        sb.append("{\"id\":");
        JsonStrings.quote(sb, f.id());
        sb.append(",\"spec\":");
        JsonStrings.quote(sb, f.spec().toString());
        sb.append(",\"state\":");
        JsonStrings.quote(sb, f.state().name());
        sb.append(",\"actor\":");
        JsonStrings.quote(sb, f.actor().name());
        sb.append(",\"calls\":").append(f.calls()).append(",\"fired\":").append(f.fired()).append('}');
      }
      sb.append('}');
    }
    return sb.append("]}").toString();
  }

  /**
   * {@return the spec that {@code parameters} describe}
   *
   * @param parameters the fault, its trigger and timing (see the class comment)
   * @param actor who asks, named in the default message of an exception fault
   * @throws IllegalArgumentException naming the bad parameter
   */
  public static FaultSpec parse(Map<String, String> parameters, Actor actor) {
    if (parameters == null) {
      throw new IllegalArgumentException("parameters must not be null");
    }
    for (String k : parameters.keySet()) {
      if (!PARAMETERS.contains(k)) {
        throw new IllegalArgumentException("unknown parameter " + quoted(k) + " (known: " + PARAMETERS + ")");
      }
    }
    String kind = required(parameters, "fault");
    Fault fault;
    switch (kind.toLowerCase(Locale.ROOT)) {
      case "exception":
        fault = Fault.exception(parameters.getOrDefault("message", "injected by " + actor));
        break;
      case "latency":
        String latency = required(parameters, "delayMillis");
        fault = checked("delayMillis", latency, () -> Fault.latency(millis("delayMillis", latency)));
        break;
      case "hang":
        String bound = parameters.get("delayMillis");
        fault = bound == null ? Fault.hang() : checked("delayMillis", bound, () -> Fault.hang(millis("delayMillis", bound)));
        break;
      case "crash":
        fault = Fault.crash();
        break;
      default:
        throw new IllegalArgumentException("fault must be exception, latency, hang or crash, was " + quoted(kind));
    }
    FaultSpec.Builder b = FaultSpec.builder(fault).trigger(trigger(parameters));
    String startAfter = parameters.get("startAfterMillis");
    if (startAfter != null) {
      checked("startAfterMillis", startAfter, () -> b.startAfter(millis("startAfterMillis", startAfter)));
    }
    String duration = parameters.get("durationMillis");
    if (duration != null) {
      checked("durationMillis", duration, () -> b.duration(millis("durationMillis", duration)));
    }
    if (parameters.containsKey("scope")) {
      String s = parameters.get("scope");
      if ("instance".equals(s)) {
        b.scope(FaultSpec.Scope.INSTANCE);
      } else if ("component".equals(s)) {
        b.scope(FaultSpec.Scope.COMPONENT);
      } else {
        throw new IllegalArgumentException("scope must be instance or component, was " + quoted(s));
      }
    }
    return b.build();
  }

  /**
   * {@code make.get()}, with a refusal of the value restated to name the parameter and quote the raw value
   * as given: the builders name their own fields ({@code duration}, in a {@link Duration}'s notation), which
   * an operator who typed {@code durationMillis=-1} would not recognise.
   */
  private static <T> T checked(String field, String raw, java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(field + " ")) {
        throw e; // already names the parameter
      }
      throw new IllegalArgumentException(field + " was " + quoted(raw) + ": " + e.getMessage(), e);
    }
  }

  private static FaultTrigger trigger(Map<String, String> p) {
    String t = p.getOrDefault("trigger", "always");
    switch (t) {
      case "always":
        return FaultTrigger.always();
      case "now":
        return FaultTrigger.now();
      case "probability":
        String v = required(p, "p");
        double probability;
        try {
          probability = Double.parseDouble(v);
        } catch (NumberFormatException e) {
          probability = Double.NaN;
        }
        if (!(probability > 0 && probability <= 1)) { // NaN too
          throw new IllegalArgumentException("p must be a number within (0, 1], was " + quoted(v));
        }
        return FaultTrigger.probability(probability);
      case "every":
        return checked("n", p.get("n"), () -> FaultTrigger.everyNth(count(p)));
      case "first":
        return checked("n", p.get("n"), () -> FaultTrigger.firstCalls(count(p)));
      default:
        throw new IllegalArgumentException("trigger must be always, probability, every, first or now, was "
            + quoted(t));
    }
  }

  private static long count(Map<String, String> p) {
    String v = required(p, "n");
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("n must be an integer >= 1, was " + quoted(v));
    }
  }

  private static Duration millis(String field, String v) {
    long ms;
    try {
      ms = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " must be an integer number of milliseconds, was " + quoted(v));
    }
    return Duration.ofMillis(ms);
  }

  private static String required(Map<String, String> p, String field) {
    String v = p.get(field);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(field + " is required, was " + quoted(v));
    }
    return v;
  }

  private static String quoted(String s) {
    if (s == null) {
      return "null";
    }
    return "'" + (s.length() > 64 ? s.substring(0, 64) + "…" : s) + "'";
  }
}
