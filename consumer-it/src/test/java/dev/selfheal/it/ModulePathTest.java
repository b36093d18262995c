package dev.selfheal.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published modules as a JPMS application sees them: a module that {@code requires} them compiles on the
 * module path, one that imports an {@code internal} package does not, and each module exports exactly its
 * API packages.
 */
class ModulePathTest {
  private static final Set<String> NEEDED =
      Set.of("dev.selfheal.core", "dev.selfheal.probes", "dev.selfheal.recovery", "org.slf4j", "org.jctools.core");

  static Map<String, Path> modules;

  /** The module-path entries among this test's class path: Selfheal's modules and what they require. */
  @BeforeAll
  static void findModules() {
    modules = new TreeMap<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path path = Path.of(entry);
      try {
        for (ModuleReference ref : ModuleFinder.of(path).findAll()) {
          if (NEEDED.contains(ref.descriptor().name())) {
            modules.put(ref.descriptor().name(), path);
          }
        }
      } catch (FindException e) {
        // not a valid module (a test library); not needed here
      }
    }
    assertThat(modules.keySet()).as("modules on the class path").containsExactlyInAnyOrderElementsOf(NEEDED);
  }

  @Test
  void a_module_that_requires_selfheal_compiles_on_the_module_path(@TempDir Path dir) throws IOException {
    List<String> errors = compile(dir, """
        module app {
          requires dev.selfheal.core;
          requires dev.selfheal.probes;
          requires dev.selfheal.recovery;
        }
        """, """
        package app;

        import dev.selfheal.core.ChildSpec;
        import dev.selfheal.core.SupervisorSpec;
        import dev.selfheal.core.SupervisorTree;
        import dev.selfheal.core.event.JournalRecord;
        import dev.selfheal.probes.HealthMonitor;
        import dev.selfheal.recovery.CircuitBreaker;

        public final class Main {
          public static void main(String[] args) {
            SupervisorTree tree = SupervisorTree.builder(SupervisorSpec.builder("app")
                .child(ChildSpec.service("db", () -> () -> { })).build()).build();
            HealthMonitor monitor = HealthMonitor.builder(tree).build();
            CircuitBreaker breaker = CircuitBreaker.ofDefaults("payments");
            for (JournalRecord r : tree.journal().tail()) {
              System.out.println(r + " " + monitor + " " + breaker);
            }
          }
        }
        """);
    assertThat(errors).isEmpty();
  }

  @Test
  void a_module_that_imports_an_internal_package_does_not_compile(@TempDir Path dir) throws IOException {
    String internal = internalPackageOf("dev.selfheal.core");
    List<String> errors = compile(dir, """
        module app {
          requires dev.selfheal.core;
        }
        """, "package app;\n\nimport " + internal + ".*;\n\npublic final class Main {}\n");
    assertThat(errors).singleElement().asString().contains(internal).contains("not visible");
  }

  @Test
  void each_module_exports_its_api_packages_and_no_internal_one() {
    assertThat(exports("dev.selfheal.core")).containsExactlyInAnyOrder("dev.selfheal.core",
        "dev.selfheal.core.annotation", "dev.selfheal.core.event", "dev.selfheal.core.spi",
        "dev.selfheal.core.micrometer");
    assertThat(exports("dev.selfheal.probes")).containsExactlyInAnyOrder("dev.selfheal.probes",
        "dev.selfheal.probes.annotation", "dev.selfheal.probes.anomaly", "dev.selfheal.probes.micrometer");
    assertThat(exports("dev.selfheal.recovery")).containsExactlyInAnyOrder("dev.selfheal.recovery",
        "dev.selfheal.recovery.annotation", "dev.selfheal.recovery.chaos", "dev.selfheal.recovery.micrometer");
    for (String m : List.of("dev.selfheal.core", "dev.selfheal.probes", "dev.selfheal.recovery")) {
      ModuleDescriptor d = descriptor(m);
      assertThat(d.packages()).as("%s has internal packages", m).anyMatch(p -> p.contains(".internal"));
      assertThat(d.exports()).as("%s exports without qualification", m).noneMatch(ModuleDescriptor.Exports::isQualified);
      assertThat(d.isAutomatic()).as("%s has a module-info", m).isFalse();
    }
  }

  @Test
  void recovery_provides_its_services_to_core_and_probes() {
    assertThat(descriptor("dev.selfheal.recovery").provides()).extracting(ModuleDescriptor.Provides::service)
        .contains("dev.selfheal.core.spi.HealthSourceProvider", "dev.selfheal.core.spi.PolicyControlProvider",
            "dev.selfheal.core.spi.CallInterceptorProvider");
    assertThat(descriptor("dev.selfheal.probes").uses()).contains("dev.selfheal.core.spi.HealthSourceProvider");
    assertThat(descriptor("dev.selfheal.core").uses()).contains("dev.selfheal.core.spi.CallInterceptorProvider");
  }

  private static Set<String> exports(String module) {
    return descriptor(module).exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
  }

  private static String internalPackageOf(String module) {
    return descriptor(module).packages().stream().filter(p -> p.startsWith(module + ".internal")).sorted()
        .findFirst().orElseThrow();
  }

  private static ModuleDescriptor descriptor(String module) {
    Optional<ModuleReference> ref = ModuleFinder.of(modules.get(module)).find(module);
    return ref.orElseThrow().descriptor();
  }

  /** Compiles {@code module app} on the module path of Selfheal's modules; returns the error messages. */
  private static List<String> compile(Path dir, String moduleInfo, String main) throws IOException {
    Path src = Files.createDirectories(dir.resolve("src/app"));
    Files.writeString(dir.resolve("src/module-info.java"), moduleInfo, StandardCharsets.UTF_8);
    Files.writeString(src.resolve("Main.java"), main, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      String modulePath = modules.values().stream().distinct().map(Path::toString)
          .collect(Collectors.joining(java.io.File.pathSeparator));
      List<String> options = List.of("--release", "17", "-proc:none", "--module-path", modulePath,
          "-d", Files.createDirectories(dir.resolve("out")).toString());
      javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(
          dir.resolve("src/module-info.java"), src.resolve("Main.java"))).call();
    }
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors.add(d.getMessage(Locale.ROOT));
      }
    }
    return errors;
  }
}
