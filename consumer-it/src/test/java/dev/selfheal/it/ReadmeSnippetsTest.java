package dev.selfheal.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README, compiled as shown and, where its fixture has a {@code main}, run.
 *
 * <p>Nothing is copied by hand: a block is read from {@code README.md} (the {@code selfheal.readme} system
 * property, the reactor's README by default). The comment {@code <!-- snippet: NAME -->} on the line before
 * a block names it; {@code NAME} is {@code Fixture} or {@code Fixture#part}, and
 * {@code src/test/snippets/Fixture.java} is the code around it: what the README leaves to the reader (a
 * {@code DatabasePool}, a {@code gateway}), with a line {@code /*@snippet NAME*&#47;} where the block goes.
 * The block's own {@code import} lines go to the top of the compilation unit; a fixture has no import of its
 * own (it spells names out), so a block compiles only if it shows its imports.
 *
 * <p>The class path is this module's test class path: the published modules as a consumer gets them
 * through {@code selfheal-bom}, plus the test libraries.
 */
class ReadmeSnippetsTest {
  private static final Pattern MARKER = Pattern.compile("^\\s*<!-- snippet: ([A-Za-z0-9]+(?:#[a-z0-9-]+)?) -->\\s*$");
  private static final Pattern FENCE_OPEN = Pattern.compile("^(\\s*)```java\\s*$");
  private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*$");
  private static final Pattern IMPORT = Pattern.compile("^import (static )?[\\w.]+(\\.\\*)?;\\s*(//.*)?$");
  private static final Pattern PLACEHOLDER = Pattern.compile("^(\\s*)/\\*@snippet ([A-Za-z0-9]+(?:#[a-z0-9-]+)?)\\*/\\s*$");
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

  /** One README block: its name, the README line of its first code line, its imports and its body. */
  record Snippet(String name, int firstLine, List<String> imports, List<String> body) {
    String fixture() {
      int hash = name.indexOf('#');
      return hash < 0 ? name : name.substring(0, hash);
    }
  }

  /** A generated compilation unit and, per generated line (1-based), the README line it came from (0: fixture). */
  record Unit(String fixture, String source, int[] readmeLines) {}

  static Path readme;
  static Path fixtures;
  static Map<String, Snippet> snippets;

  @BeforeAll
  static void readReadme() throws IOException {
    readme = Path.of(System.getProperty("selfheal.readme", "../README.md"));
    fixtures = Path.of(System.getProperty("selfheal.snippets", "src/test/snippets"));
    snippets = parse(Files.readAllLines(readme, StandardCharsets.UTF_8));
  }

  /** Reads the marked blocks; an unmarked {@code ```java} block is an error, so none can drift unseen. */
  static Map<String, Snippet> parse(List<String> lines) {
    Map<String, Snippet> found = new LinkedHashMap<>();
    List<String> unmarked = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE_OPEN.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      int prev = i - 1;
      while (prev >= 0 && lines.get(prev).isBlank()) {
        prev--;
      }
      Matcher marker = prev >= 0 ? MARKER.matcher(lines.get(prev)) : null;
      int end = i + 1;
      while (end < lines.size() && !FENCE.matcher(lines.get(end)).matches()) {
        end++;
      }
      if (end == lines.size()) {
        throw new IllegalStateException("README.md:" + (i + 1) + ": the java block is never closed");
      }
      if (marker == null || !marker.matches()) {
        unmarked.add("README.md:" + (i + 1));
        i = end;
        continue;
      }
      String indent = open.group(1);
      List<String> imports = new ArrayList<>();
      List<String> body = new ArrayList<>();
      for (int k = i + 1; k < end; k++) {
        String line = lines.get(k).startsWith(indent) ? lines.get(k).substring(indent.length()) : lines.get(k);
        if (body.stream().allMatch(String::isBlank) && IMPORT.matcher(line).matches()) {
          imports.add(line);
        } else if (IMPORT.matcher(line).matches()) {
          throw new IllegalStateException("README.md:" + (k + 1) + ": an import after code");
        } else {
          body.add(line);
        }
      }
      String name = marker.group(1);
      if (found.put(name, new Snippet(name, i + 2, imports, body)) != null) {
        throw new IllegalStateException("README.md:" + (i + 1) + ": a second snippet named " + name);
      }
      i = end;
    }
    if (!unmarked.isEmpty()) {
      throw new IllegalStateException("java blocks without a <!-- snippet: NAME --> marker: " + unmarked);
    }
    return found;
  }

  @Test
  void every_snippet_shows_its_imports() {
    assertThat(snippets).isNotEmpty();
    assertThat(snippets.values()).allSatisfy(s -> assertThat(s.imports())
        .as("the imports shown by %s (README.md:%d)", s.name(), s.firstLine()).isNotEmpty());
  }

  @Test
  void every_snippet_has_a_fixture_and_every_fixture_a_snippet() throws IOException {
    Set<String> placeholders = new LinkedHashSet<>();
    try (Stream<Path> files = Files.list(fixtures)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList())) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          Matcher m = PLACEHOLDER.matcher(line);
          if (m.matches()) {
            assertThat(m.group(2)).as("a placeholder in %s", f).startsWith(fixtureName(f));
            placeholders.add(m.group(2));
          }
          assertThat(line).as("%s spells names out instead of importing them", f).doesNotStartWith("import ");
        }
      }
    }
    assertThat(placeholders).containsExactlyInAnyOrderElementsOf(snippets.keySet());
  }

  @TestFactory
  Stream<DynamicTest> every_snippet_compiles_as_shown_and_runs(@TempDir Path out) throws IOException {
    Map<String, List<Snippet>> byFixture = snippets.values().stream()
        .collect(Collectors.groupingBy(Snippet::fixture, LinkedHashMap::new, Collectors.toList()));
    List<Unit> units = new ArrayList<>();
    for (String fixture : byFixture.keySet()) {
      units.add(generate(fixture, Files.readAllLines(fixtures.resolve(fixture + ".java"), StandardCharsets.UTF_8)));
    }
    List<String> errors = compile(units, out);
    return Stream.concat(
        Stream.of(DynamicTest.dynamicTest("compile " + byFixture.keySet(),
            () -> assertThat(errors).as("compiler errors").isEmpty())),
        units.stream().map(u -> DynamicTest.dynamicTest("run " + u.fixture(), () -> {
          assertThat(errors).as("compiler errors").isEmpty();
          run(u.fixture(), out);
        })));
  }

  static Unit generate(String fixture, List<String> template) {
    List<String> source = new ArrayList<>();
    List<Integer> origin = new ArrayList<>();
    snippets.values().stream().filter(s -> s.fixture().equals(fixture)).forEach(s -> {
      for (int i = 0; i < s.imports().size(); i++) {
        source.add(s.imports().get(i));
        origin.add(s.firstLine() + i);
      }
    });
    for (String line : template) {
      Matcher m = PLACEHOLDER.matcher(line);
      if (!m.matches()) {
        source.add(line);
        origin.add(0);
        continue;
      }
      Snippet s = snippets.get(m.group(2));
      if (s == null) {
        throw new IllegalStateException(fixture + ".java names " + m.group(2) + ", which the README does not mark");
      }
      int first = s.firstLine() + s.imports().size();
      for (int i = 0; i < s.body().size(); i++) {
        source.add(s.body().get(i).isEmpty() ? "" : m.group(1) + s.body().get(i));
        origin.add(first + i);
      }
    }
    return new Unit(fixture, String.join("\n", source) + "\n", origin.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Compiles every unit at once against the test class path; the errors name README lines where they are. */
  static List<String> compile(List<Unit> units, Path out) throws IOException {
    Path src = Files.createDirectories(out.resolve("src"));
    Path classes = Files.createDirectories(out.resolve("classes"));
    Map<Path, Unit> byFile = new LinkedHashMap<>();
    for (Unit u : units) {
      Path file = src.resolve(u.fixture() + ".java");
      Files.writeString(file, u.source(), StandardCharsets.UTF_8);
      byFile.put(file.toAbsolutePath(), u);
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = List.of("--release", "17", "-proc:none", "-parameters",
          "-classpath", System.getProperty("java.class.path"), "-d", classes.toString());
      Boolean ok = javac.getTask(null, files, diagnostics, options, null,
          files.getJavaFileObjectsFromPaths(byFile.keySet())).call();
      List<String> errors = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() != Diagnostic.Kind.ERROR) {
          continue;
        }
        Unit u = d.getSource() == null ? null : byFile.get(Path.of(d.getSource().toUri()).toAbsolutePath());
        long line = d.getLineNumber();
        String where = u == null ? "?" : u.readmeLines()[(int) line - 1] > 0
            ? "README.md:" + u.readmeLines()[(int) line - 1]
            : "snippets/" + u.fixture() + ".java:" + line;
        errors.add(where + ": " + d.getMessage(Locale.ROOT));
      }
      if (!ok && errors.isEmpty()) {
        errors.add("javac failed without an error diagnostic");
      }
      return errors;
    }
  }

  /**
   * Runs the fixture's {@code main}, if it has one, as an application of its own: in a loader over the
   * compiled snippets and the whole test class path, whose parent is the platform loader, so that the
   * library and the snippets share one loader as they do in an application (the handle spins its invokers
   * in the library's loader, which must see the user's interface).
   */
  static void run(String fixture, Path out) throws Exception {
    List<URL> urls = new ArrayList<>();
    urls.add(out.resolve("classes").toUri().toURL());
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
      Class<?> type;
      try {
        type = Class.forName(fixture, true, loader);
      } catch (ClassNotFoundException e) {
        throw new AssertionError("snippets/" + fixture + ".java must declare the class " + fixture, e);
      }
      Method main;
      try {
        main = type.getDeclaredMethod("main", String[].class);
      } catch (NoSuchMethodException e) {
        return; // compiled only: the fixture says why it does not run
      }
      assertThat(Modifier.isStatic(main.getModifiers())).as("%s.main is static", fixture).isTrue();
      main.setAccessible(true);
      assertTimeoutPreemptively(RUN_TIMEOUT, () -> {
        Thread.currentThread().setContextClassLoader(loader); // ServiceLoader finds the providers of that loader
        try {
          main.invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      });
    }
  }

  static String fixtureName(Path f) {
    String n = f.getFileName().toString();
    return n.substring(0, n.length() - ".java".length());
  }

}
