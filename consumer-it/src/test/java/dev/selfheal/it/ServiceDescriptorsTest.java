package dev.selfheal.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On the module path only {@code provides} and {@code uses} count, on the class path only
 * {@code META-INF/services}: each published module's two declarations of its services say the same, and every
 * service it loads is declared as used. (A provider declared in one place only works in one of the two worlds,
 * which no other test of ours would notice: the suites run on the class path.)
 */
class ServiceDescriptorsTest {
  private static final Pattern PROVIDES = Pattern.compile("provides\\s+([\\w.]+)\\s+with\\s+([\\w.,\\s]+);");
  private static final Pattern USES = Pattern.compile("uses\\s+([\\w.]+)\\s*;");
  private static final Pattern LOADS = Pattern.compile("\\bload\\((\\w+)\\.class");
  private static final Pattern IMPORT = Pattern.compile("^import ([\\w.]+);", Pattern.MULTILINE);

  @ParameterizedTest
  @ValueSource(strings = {"core", "probes", "recovery"})
  void module_info_and_meta_inf_services_declare_the_same_providers(String module) throws IOException {
    Path root = Path.of("..", module, "src", "main");
    String descriptor = withoutComments(Files.readString(root.resolve("java/module-info.java")));
    Set<String> declared = new TreeSet<>();
    Matcher m = PROVIDES.matcher(descriptor);
    while (m.find()) {
      for (String impl : m.group(2).split(",")) {
        declared.add(m.group(1) + " -> " + impl.trim());
      }
    }
    Set<String> files = new TreeSet<>();
    Path services = root.resolve("resources/META-INF/services");
    if (Files.isDirectory(services)) {
      try (Stream<Path> list = Files.list(services)) {
        for (Path f : (Iterable<Path>) list::iterator) {
          for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            String impl = line.replaceAll("#.*", "").trim();
            if (!impl.isEmpty()) {
              files.add(f.getFileName() + " -> " + impl);
            }
          }
        }
      }
    }
    assertThat(declared).as("provides in %s's module-info vs its META-INF/services", module).isEqualTo(files);
  }

  @ParameterizedTest
  @ValueSource(strings = {"core", "probes", "recovery"})
  void every_service_a_module_loads_is_declared_as_used(String module) throws IOException {
    Path root = Path.of("..", module, "src", "main", "java");
    String descriptor = withoutComments(Files.readString(root.resolve("module-info.java")));
    Set<String> used = new TreeSet<>();
    Matcher u = USES.matcher(descriptor);
    while (u.find()) {
      used.add(u.group(1));
    }
    Set<String> loaded = new TreeSet<>();
    try (Stream<Path> sources = Files.walk(root)) {
      for (Path f : (Iterable<Path>) sources.filter(p -> p.toString().endsWith(".java"))::iterator) {
        String src = Files.readString(f);
        Matcher l = LOADS.matcher(src);
        while (l.find()) {
          String simple = l.group(1);
          Matcher i = IMPORT.matcher(src);
          String qualified = null;
          while (i.find()) {
            if (i.group(1).endsWith("." + simple)) {
              qualified = i.group(1);
            }
          }
          if (qualified != null) { // a service type of the same package is named by a "uses" of its own module
            loaded.add(qualified);
          }
        }
      }
    }
    assertThat(used).as("uses in %s's module-info", module).containsAll(loaded);
  }

  private static String withoutComments(String s) {
    return s.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
  }
}
