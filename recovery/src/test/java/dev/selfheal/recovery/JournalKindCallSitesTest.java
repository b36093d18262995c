package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No journal kind is a string at a call site (#13): every {@code Journal.append} in the main code of core, probes
 * and recovery passes a {@code JournalKind} ({@link RecoveryJournalKind}, {@code SupervisorJournalKind},
 * {@code ProbeJournalKind}, ...), never a string literal, a concatenation or a {@code String} variable. A source
 * scan, since {@code Journal.append(String path, String kind, ...)} stays public for users: comments are dropped,
 * every call named {@code append} with the journal's six or seven arguments is a journal append (a
 * {@code StringBuilder}'s has one), and its second argument is flagged when it holds a string literal or names
 * a variable, parameter or constant declared {@code String} (in the same file, or in {@code Type.java} for
 * {@code Type.NAME}).
 */
class JournalKindCallSitesTest {
  private static final Pattern APPEND = Pattern.compile("\\bappend\\s*\\(");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)?");

  @Test
  void no_main_code_of_core_probes_or_recovery_passes_a_string_as_a_journal_kind() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<Path> sources = new ArrayList<>();
    for (String module : List.of("core", "probes", "recovery")) {
      Path dir = root.resolve(module).resolve("src/main/java");
      assertThat(dir).as("the scanned module's sources").isDirectory();
      try (Stream<Path> files = Files.walk(dir)) {
        files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
      }
    }
    Map<String, String> byType = sources.stream().collect(Collectors.toMap(
        p -> p.getFileName().toString().replace(".java", ""), JournalKindCallSitesTest::code, (a, b) -> a + b));
    List<String> violations = new ArrayList<>();
    int appends = 0;
    for (Path p : sources) {
      if (p.endsWith(Path.of("dev/selfheal/core/event/Journal.java"))) {
        continue; // the journal itself: its public append(String path, String kind, ...) hands a user's string on
      }
      String code = code(p);
      List<Call> calls = journalAppends(code);
      appends += calls.size();
      for (Call call : calls) {
        if (isString(call, code, byType)) {
          violations.add(root.relativize(p) + ": " + call.kind());
        }
      }
    }
    assertThat(appends).as("journal appends found (the scan sees them)").isGreaterThanOrEqualTo(15);
    assertThat(violations).as("journal kinds given as strings: use a JournalKind enum").isEmpty();
  }

  @Test
  void the_scan_flags_strings_and_only_strings_in_the_kind_position() {
    String source = """
        class Sample {
          static final String KIND = "sample.kind";
          enum Kind implements JournalKind { ONE }
          void write(Journal journal, String kind, JournalKind typed, StringBuilder sb) {
            journal.append(path, "sample.literal", cause, decision, actor, Duration.ZERO);
            journal.append(path, policy + ".add", "", "created", actor, Duration.ZERO, Map.of());
            journal.append(path, automatic ? "a.b" : "c.d", cause, decision, actor, Duration.ZERO);
            journal.append(path, KIND, cause, decision, actor, Duration.ZERO);
            journal.append(path, kind, cause, decision, actor, Duration.ZERO);
            journal.append(path, Other.WIRE, cause, decision, actor, Duration.ZERO);
            // journal.append(path, "in.a.comment", cause, decision, actor, Duration.ZERO);
            /* journal.append(path, "in.a.block", cause, decision, actor, Duration.ZERO); */
            journal.append(path, Kind.ONE, "text, with (commas)", f(a, b), actor, Duration.ZERO);
            journal.append(path + "(" , typed, ")", "", actor, Duration.ZERO);
            sb.append("not.a.journal").append(kind);
          }
          void typed(Journal journal, JournalKind kind) {
            journal.append(path, kind, cause, decision, actor, Duration.ZERO);
            journal.append(path, Objects.requireNonNull(kind, "kind"), cause, decision, actor, Duration.ZERO);
          }
        }
        """;
    String code = strip(source);
    Map<String, String> byType = Map.of("Sample", code, "Other", "static final String WIRE = \"o.w\";");
    List<Call> calls = journalAppends(code);
    assertThat(calls).extracting(Call::kind).containsExactly("\"sample.literal\"", "policy + \".add\"", "automatic ? \"a.b\" : \"c.d\"",
        "KIND", "kind", "Other.WIRE", "Kind.ONE", "typed", "kind", "Objects.requireNonNull(kind, \"kind\")");
    assertThat(calls).filteredOn(c -> isString(c, code, byType)).extracting(Call::kind)
        .containsExactly("\"sample.literal\"", "policy + \".add\"", "automatic ? \"a.b\" : \"c.d\"", "KIND", "kind",
            "Other.WIRE");
  }

  /**
   * Whether a kind is a string: a literal outside any nested call (a concatenation, a conditional), or a name whose
   * declaration nearest before the call (a parameter, a local, a field; {@code Type.NAME}: in {@code Type.java})
   * has the type {@code String}.
   */
  private static boolean isString(Call call, String file, Map<String, String> byType) {
    if (topLevel(call.kind()).contains("\"")) {
      return true;
    }
    if (!IDENTIFIER.matcher(call.kind()).matches()) {
      return false; // a method call or a field of an expression: typed by what it returns
    }
    int dot = call.kind().indexOf('.');
    String name = dot < 0 ? call.kind() : call.kind().substring(dot + 1);
    String where = dot < 0 ? file.substring(0, call.at()) : byType.getOrDefault(call.kind().substring(0, dot), "");
    var m = Pattern.compile("\\b([A-Z][A-Za-z0-9_$.<>?\\[\\]]*)\\s+" + Pattern.quote(name) + "\\s*[,)=;:]")
        .matcher(where);
    String type = null;
    while (m.find()) {
      type = m.group(1);
    }
    return "String".equals(type);
  }

  /** The expression without what is inside its parentheses: {@code f("a") + "b"} is {@code f() + "b"}. */
  private static String topLevel(String expression) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    for (int i = 0; i < expression.length(); i++) {
      char c = expression.charAt(i);
      if (depth > 0 && (c == '"' || c == '\'')) {
        i = endOfLiteral(expression, i) - 1;
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A call of a journal append: where it is in the file, and its kind argument as written. */
  private record Call(int at, String kind) {}

  /** Every six- or seven-argument call named {@code append}, with its second argument trimmed. */
  private static List<Call> journalAppends(String code) {
    List<Call> calls = new ArrayList<>();
    var m = APPEND.matcher(code);
    while (m.find()) {
      List<String> args = arguments(code, m.end());
      if (args.size() == 6 || args.size() == 7) {
        calls.add(new Call(m.start(), args.get(1)));
      }
    }
    return calls;
  }

  /** The top-level arguments of the call whose opening parenthesis ends before {@code from}. */
  private static List<String> arguments(String code, int from) {
    List<String> args = new ArrayList<>();
    int depth = 0;
    StringBuilder arg = new StringBuilder();
    for (int i = from; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '"' || c == '\'') {
        int end = endOfLiteral(code, i);
        arg.append(code, i, end);
        i = end - 1;
        continue;
      }
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        if (depth == 0) {
          args.add(arg.toString().strip());
          return args;
        }
        depth--;
      } else if (c == ',' && depth == 0) {
        args.add(arg.toString().strip());
        arg.setLength(0);
        continue;
      }
      arg.append(c);
    }
    return List.of(); // unbalanced: not a call
  }

  /** The index just past the string, text block or char literal starting at {@code start}. */
  private static int endOfLiteral(String code, int start) {
    char quote = code.charAt(start);
    if (code.startsWith("\"\"\"", start)) {
      int end = code.indexOf("\"\"\"", start + 3);
      return end < 0 ? code.length() : end + 3;
    }
    for (int i = start + 1; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == quote) {
        return i + 1;
      }
    }
    return code.length();
  }

  private static String code(Path p) {
    try {
      return strip(Files.readString(p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The source without its comments; literals kept whole (a "//" inside a string is no comment). */
  private static String strip(String source) {
    StringBuilder out = new StringBuilder(source.length());
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '"' || c == '\'') {
        int end = endOfLiteral(source, i);
        out.append(source, i, end);
        i = end - 1;
      } else if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        i = (end < 0 ? source.length() : end) - 1;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = (end < 0 ? source.length() : end + 2) - 1;
        out.append(' ');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
