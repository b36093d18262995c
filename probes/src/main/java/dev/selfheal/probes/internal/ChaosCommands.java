package dev.selfheal.probes.internal;

import dev.selfheal.core.RuntimeContext;
import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.FaultControl;
import dev.selfheal.core.spi.FaultControlProvider;
import dev.selfheal.core.spi.PolicyControl;
import dev.selfheal.probes.internal.HttpMessages.Response;
import dev.selfheal.probes.internal.Query.BadRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The endpoint's chaos routes, over core's {@link FaultControl} SPI (the recovery module's chaos package
 * answers for the points bound to the tree's context):
 *
 * <pre>
 * GET  /selfheal/chaos                               (token unless reads are public) the points, what is armed
 * POST /selfheal/chaos/inject?name=P&amp;fault=…&amp;…      (token) arms a fault; the other parameters are the
 *                                                    control's (recovery: ChaosControl); 200 {"fault":"fault-3"}
 * POST /selfheal/chaos/clear?name=P                  (token) clears it; 200 DONE or UNCHANGED
 * </pre>
 *
 * Status codes come from {@link CommandStatus}: a refused parameter is 400 with the control's message
 * (naming the parameter and the value), an unknown point 404. The injection points journal every command
 * with the operator actor the token names.
 *
 * <p>This class is thread-safe; the providers are asked again on every request.
 */
final class ChaosCommands {
  static final String LIST = "/selfheal/chaos";
  static final String INJECT = "/selfheal/chaos/inject";
  static final String CLEAR = "/selfheal/chaos/clear";
  private static final Pattern POINT_NAME = Pattern.compile("[ -~&&[^\\s]]{1,200}");
  private static final int MAX_PARAMETERS = 32;

  private final Supplier<List<FaultControl>> controls;

  private ChaosCommands(Supplier<List<FaultControl>> controls) {
    this.controls = controls;
  }

  /** The controls that the {@link FaultControlProvider}s found in {@code loader} bind to {@code context}. */
  static ChaosCommands forContext(RuntimeContext context, ClassLoader loader) {
    List<FaultControlProvider> providers = PolicyDirectory.load(FaultControlProvider.class, loader,
        "injection points are not listed");
    return new ChaosCommands(() -> {
      List<FaultControl> out = new ArrayList<>();
      for (FaultControlProvider p : providers) {
        out.addAll(p.faultControls(context));
      }
      return out;
    });
  }

  Response list() {
    JsonWriter w = new JsonWriter().beginObject().name("points").beginArray();
    for (FaultControl c : controls.get()) {
      for (FaultControl.Point p : c.points()) {
        w.beginObject().member("name", p.name()).member("state", p.state()).name("fault").beginObject();
        new TreeMap<>(p.fault()).forEach((k, v) -> w.name(k).scalar(v));
        w.endObject().endObject();
      }
    }
    return Response.json(200, w.endArray().endObject().toString());
  }

  Response inject(Query query, Actor actor) {
    String name = name(query);
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String key : query.names()) {
      if (!key.equals("name")) {
        parameters.put(key, query.single(key)); // a repeated parameter is refused here, naming it
      }
    }
    if (parameters.size() > MAX_PARAMETERS) {
      throw new BadRequest("at most " + MAX_PARAMETERS + " query parameters, was " + parameters.size());
    }
    FaultControl.Outcome outcome = FaultControl.Outcome.notFound();
    for (FaultControl c : controls.get()) {
      outcome = c.inject(name, parameters, actor);
      if (outcome.status() != PolicyControl.Status.NOT_FOUND) {
        break;
      }
    }
    return answer("inject", name, outcome);
  }

  Response clear(Query query, Actor actor) {
    String name = name(query);
    FaultControl.Outcome outcome = FaultControl.Outcome.notFound();
    for (FaultControl c : controls.get()) {
      outcome = c.clear(name, actor);
      if (outcome.status() != PolicyControl.Status.NOT_FOUND) {
        break;
      }
    }
    return answer("clear", name, outcome);
  }

  private static String name(Query query) {
    String name = query.single("name");
    if (name == null || !POINT_NAME.matcher(name).matches()) {
      throw new BadRequest("query parameter 'name' must be an injection point name of 1 to 200 visible characters, was "
          + (name == null ? "missing" : "'" + EndpointViews.oneLine(name) + "'"));
    }
    return name;
  }

  private static Response answer(String command, String name, FaultControl.Outcome outcome) {
    String message = outcome.status() == PolicyControl.Status.NOT_FOUND
        && outcome.message().isEmpty() ? "no injection point named '" + EndpointViews.oneLine(name) + "'"
        : EndpointViews.oneLine(outcome.message());
    return Response.json(CommandStatus.of(outcome.status()), new JsonWriter().beginObject()
        .member("command", command).member("name", name).member("outcome", outcome.status().name())
        .member("fault", outcome.fault()).member("message", message).endObject().toString());
  }
}
