package dev.selfheal.core.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.HandleOptions;
import dev.selfheal.core.Harness;
import dev.selfheal.core.SupervisorSpec;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interfaces core cannot see by name: defined by a child class loader (a plugin's, a webapp's), or in a
 * package of a named module that does not export it. The sources are compiled here, into a directory no loader
 * of the test's sees, so the classes really live only in the loader or layer the test makes (the JDK compiler is
 * reached reflectively: core's tests are compiled into core's module, which does not read {@code java.compiler}).
 */
class ForeignLoaderHandleTest {
  private static final String GREETER = """
      package plug;
      public interface Greeter {
        String greet(String who);
        long add(int a, long b);
        void touch();
        int touched();
        Stamp stamp();
        String five(int a, int b, int c, int d, int e);
      }
      """;
  private static final String STAMP = """
      package plug;
      public final class Stamp {
        public final long generation;
        public Stamp(long generation) { this.generation = generation; }
        @Override public String toString() { return "stamp #" + generation; }
      }
      """;
  private static final String IMPL = """
      package plug;
      public final class GreeterImpl implements Greeter {
        private final long generation;
        private int touched;
        public GreeterImpl(long generation) { this.generation = generation; }
        public String greet(String who) { return "hi " + who + " from #" + generation; }
        public long add(int a, long b) { return a + b; }
        public void touch() { touched++; }
        public int touched() { return touched; }
        public Stamp stamp() { return new Stamp(generation); }
        public String five(int a, int b, int c, int d, int e) { return "" + a + b + c + d + e + "#" + generation; }
      }
      """;

  @TempDir
  Path dir;

  @Test
  void an_interface_of_a_child_class_loader_is_served_across_restarts() throws Throwable {
    Path out = compile(dir, Map.of("plug/Greeter.java", GREETER, "plug/Stamp.java", STAMP,
        "plug/GreeterImpl.java", IMPL));
    try (URLClassLoader plugin = new URLClassLoader(new URL[] {out.toUri().toURL()},
        ForeignLoaderHandleTest.class.getClassLoader())) {
      Class<?> type = plugin.loadClass("plug.Greeter");
      assertThatThrownBy(() -> Class.forName("plug.Greeter", false, SupervisorSpec.class.getClassLoader()))
          .as("core's loader does not see the plugin's classes").isInstanceOf(ClassNotFoundException.class);
      var make = plugin.loadClass("plug.GreeterImpl").getConstructor(long.class);
      SupervisorSpec.Builder b = SupervisorSpec.builder("app");
      Object handle = b.supervise(erase(type), ctx -> newInstance(make, ctx.generation()),
          HandleOptions.builder().id("greeter").build());
      try (Harness h = new Harness(b.build()).start()) {
        assertThat(call(type, handle, "greet", "ann")).isEqualTo("hi ann from #1");
        assertThat(call(type, handle, "add", 40, 2L)).isEqualTo(42L);
        call(type, handle, "touch");
        assertThat(call(type, handle, "touched")).isEqualTo(1);
        assertThat(call(type, handle, "stamp")).hasToString("stamp #1");
        assertThat(call(type, handle, "five", 1, 2, 3, 4, 5)).isEqualTo("12345#1");

        h.crashAndAwaitRestart("app/greeter");

        assertThat(call(type, handle, "greet", "bob")).isEqualTo("hi bob from #2");
        assertThat(call(type, handle, "touched")).as("a new instance").isEqualTo(0);
        assertThat(call(type, handle, "stamp")).hasToString("stamp #2");
        assertThat(call(type, handle, "five", 1, 2, 3, 4, 5)).isEqualTo("12345#2");
        assertThat(handle.toString()).contains("plug.Greeter at app/greeter", "instance #2");
      }
    }
  }

  private static final String MODULE = "module plugin { exports plug.api; }";
  private static final String HIDDEN = """
      package plug.hidden;
      public interface Hidden {
        String greet(String who);
      }
      """;
  private static final String HIDDEN_IMPL = """
      package plug.hidden;
      public final class HiddenImpl implements Hidden {
        private final long generation;
        public HiddenImpl(long generation) { this.generation = generation; }
        public String greet(String who) { return "psst " + who + " from #" + generation; }
      }
      """;
  private static final String FACTORY = """
      package plug.api;
      public final class Factory {
        private Factory() {}
        public static Object create(long generation) { return new plug.hidden.HiddenImpl(generation); }
      }
      """;

  @Test
  void an_interface_in_a_package_a_named_module_does_not_export_fails_at_supervise_time_until_exported_to_core()
      throws Throwable {
    Path out = compile(dir, Map.of("module-info.java", MODULE, "plug/hidden/Hidden.java", HIDDEN,
        "plug/hidden/HiddenImpl.java", HIDDEN_IMPL, "plug/api/Factory.java", FACTORY));
    Configuration cf = ModuleLayer.boot().configuration().resolve(ModuleFinder.of(out), ModuleFinder.of(),
        Set.of("plugin"));
    ModuleLayer.Controller layer = ModuleLayer.defineModulesWithOneLoader(cf, List.of(ModuleLayer.boot()),
        ForeignLoaderHandleTest.class.getClassLoader());
    Module plugin = layer.layer().findModule("plugin").orElseThrow();
    Class<?> type = layer.layer().findLoader("plugin").loadClass("plug.hidden.Hidden");
    Method create = layer.layer().findLoader("plugin").loadClass("plug.api.Factory")
        .getMethod("create", long.class);

    assertThatThrownBy(() -> SupervisorSpec.builder("app").supervise(erase(type), ctx -> null,
        HandleOptions.builder().id("hidden").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plug.hidden.Hidden is in package plug.hidden of module plugin")
        .hasMessageContaining("\"exports plug.hidden to ");

    layer.addExports(plugin, "plug.hidden", SupervisorSpec.class.getModule()); // what `exports ... to` declares
    SupervisorSpec.Builder b = SupervisorSpec.builder("app");
    Object handle = b.supervise(erase(type), ctx -> invokeStatic(create, ctx.generation()),
        HandleOptions.builder().id("hidden").build());
    try (Harness h = new Harness(b.build()).start()) {
      assertThat(call(type, handle, "greet", "ann")).isEqualTo("psst ann from #1");
      h.crashAndAwaitRestart("app/hidden");
      assertThat(call(type, handle, "greet", "bob")).isEqualTo("psst bob from #2");
    }
  }

  @SuppressWarnings("unchecked") // the test cannot name the type: it exists only in the loader it made
  private static Class<Object> erase(Class<?> type) {
    return (Class<Object>) type;
  }

  private static Object newInstance(java.lang.reflect.Constructor<?> c, long generation) {
    try {
      return c.newInstance(generation);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object invokeStatic(Method m, long generation) {
    try {
      return m.invoke(null, generation);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Calls {@code name} on the handle as the plugin's code would: through the interface. */
  private static Object call(Class<?> type, Object handle, String name, Object... args) throws Throwable {
    for (Method m : type.getMethods()) {
      if (m.getName().equals(name)) {
        try {
          return m.invoke(handle, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new AssertionError("no method " + name);
  }

  /** Compiles {@code sources} (relative path to text) into a fresh directory under {@code dir}. */
  private static Path compile(Path dir, Map<String, String> sources) throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Path out = Files.createDirectories(dir.resolve("out"));
    List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "17", "-proc:none"));
    for (var e : sources.entrySet()) {
      Path f = src.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
      args.add(f.toString());
    }
    Object javac = Class.forName("javax.tools.ToolProvider").getMethod("getSystemJavaCompiler").invoke(null);
    Method run = Class.forName("javax.tools.Tool").getMethod("run", InputStream.class, OutputStream.class,
        OutputStream.class, String[].class);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int rc = (int) run.invoke(javac, null, log, log, args.toArray(String[]::new));
    assertThat(rc).as("javac: %s", log).isZero();
    return out;
  }
}
