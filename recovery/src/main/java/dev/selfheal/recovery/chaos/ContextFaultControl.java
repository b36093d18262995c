package dev.selfheal.recovery.chaos;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.FaultControl;
import dev.selfheal.core.spi.PolicyControl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ChaosControl} seen through core's {@link FaultControl} SPI: typed outcomes instead of exceptions,
 * so that the endpoint maps them with its one command table. A point this control does not have is
 * {@code NOT_FOUND} (the endpoint then asks the next control); a refused parameter is {@code INVALID} with
 * {@link ChaosControl#parse}'s message, which names the parameter and quotes the value.
 *
 * <p>This class is thread-safe.
 */
final class ContextFaultControl implements FaultControl {
  private final ChaosControl chaos;

  ContextFaultControl(ChaosControl chaos) {
    this.chaos = chaos;
  }

  @Override
  public List<Point> points() {
    List<Point> out = new ArrayList<>();
    for (String name : chaos.points()) {
      FaultInjection f = chaos.point(name).active().orElse(null);
      if (f == null) {
        out.add(new Point(name, "IDLE", Map.of()));
        continue;
      }
      Map<String, Object> fault = new LinkedHashMap<>();
      fault.put("id", f.id());
      fault.put("spec", f.spec().toString());
      fault.put("actor", f.actor().name());
      fault.put("calls", f.calls());
      fault.put("fired", f.fired());
      out.add(new Point(name, f.state().name(), fault));
    }
    return out;
  }

  @Override
  public Outcome inject(String point, Map<String, String> parameters, Actor actor) {
    if (!chaos.points().contains(point)) {
      return Outcome.notFound();
    }
    try {
      FaultInjection f = chaos.inject(point, parameters, actor);
      return new Outcome(PolicyControl.Status.DONE, f.id(), "");
    } catch (IllegalArgumentException e) {
      return new Outcome(PolicyControl.Status.INVALID, "", e.getMessage());
    }
  }

  @Override
  public Outcome clear(String point, Actor actor) {
    if (!chaos.points().contains(point)) {
      return Outcome.notFound();
    }
    String id = chaos.point(point).active().map(FaultInjection::id).orElse("");
    return chaos.clear(point, actor) ? new Outcome(PolicyControl.Status.DONE, id, "")
        : new Outcome(PolicyControl.Status.UNCHANGED, "", "");
  }
}
