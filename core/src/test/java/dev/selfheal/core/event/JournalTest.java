package dev.selfheal.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

  private static JournalRecord add(Journal j, String path) {
    return j.append(path, "child.restart", "boom", "restart", Actor.automatic(), Duration.ofMillis(3));
  }

  @Test
  void records_are_numbered_and_readable_since_a_sequence() {
    Journal j = Journal.builder().clock(CLOCK).build();
    for (int i = 1; i <= 5; i++) {
      assertThat(add(j, "app/c" + i).sequence()).isEqualTo(i);
    }
    assertThat(j.since(3)).extracting(JournalRecord::path).containsExactly("app/c4", "app/c5");
    assertThat(j.since(5)).isEmpty();
    assertThat(j.lastSequence()).isEqualTo(5);
    assertThat(j.tail().get(0).time()).isEqualTo(CLOCK.instant());
  }

  @Test
  void the_bounded_tail_counts_what_it_evicts() {
    Journal j = Journal.builder().capacity(3).build();
    for (int i = 1; i <= 10; i++) {
      add(j, "p" + i);
    }
    assertThat(j.tail()).extracting(JournalRecord::sequence).containsExactly(8L, 9L, 10L);
    assertThat(j.since(2)).extracting(JournalRecord::sequence).containsExactly(8L, 9L, 10L);
    assertThat(j.evicted()).isEqualTo(7);
  }

  @Test
  void json_lines_file_gets_every_record(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("journal.jsonl");
    try (Journal j = Journal.builder().clock(CLOCK).jsonLinesFile(file).build()) {
      add(j, "app/a");
      j.append("app/\"quoted\"", "operator.stop", "line1\nline2\t\u0001", "stopped", Actor.operator("alice"), null);
      j.flush();
      List<String> lines = Files.readAllLines(file);
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0)).isEqualTo("{\"sequence\":1,\"time\":\"2026-11-25T10:00:00Z\",\"path\":\"app/a\","
          + "\"kind\":\"child.restart\",\"cause\":\"boom\",\"decision\":\"restart\",\"actor\":\"automatic\","
          + "\"durationMillis\":3}");
      assertThat(lines.get(1)).contains("\"path\":\"app/\\\"quoted\\\"\"")
          .contains("\"cause\":\"line1\\nline2\\t\\u0001\"").contains("\"actor\":\"operator:alice\"");
    }
  }

  @Test
  void a_failing_file_sink_is_counted_and_never_breaks_append(@TempDir Path dir) {
    // a directory cannot be opened as a file: every write fails
    try (Journal j = Journal.builder().jsonLinesFile(dir).build()) {
      add(j, "a");
      add(j, "b");
      j.flush();
      org.awaitility.Awaitility.await().until(() -> j.sinkFailures() >= 1);
      assertThat(j.tail()).hasSize(2);
    }
  }

  @Test
  void a_full_sink_buffer_counts_dropped_records(@TempDir Path dir) {
    Journal j = Journal.builder().jsonLinesFile(dir.resolve("j.jsonl")).sinkBuffer(2).build();
    for (int i = 0; i < 10_000; i++) {
      add(j, "p");
    }
    j.close();
    assertThat(j.tail()).hasSize(1024);
    long written;
    try {
      written = Files.readAllLines(dir.resolve("j.jsonl")).size();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertThat(written + j.sinkDropped()).isEqualTo(10_000);
  }

  @Test
  void a_throwing_listener_is_isolated_and_counted() {
    Journal j = Journal.inMemory();
    List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    j.subscribe(r -> {
      throw new IllegalStateException("listener bug");
    });
    j.subscribe(r -> seen.add(r.sequence()));
    add(j, "a");
    add(j, "b");
    assertThat(seen).containsExactly(1L, 2L);
    assertThat(j.listenerFailures()).isEqualTo(2);
    assertThat(j.tail()).hasSize(2);
  }

  @Test
  void json_keeps_surrogate_pairs_and_escapes_unpaired_surrogates() {
    JournalRecord r = Journal.builder().clock(CLOCK).build()
        .append("p", "k", "ok \uD83D\uDE00 bad \uD83D!", "d", Actor.automatic(), null);
    assertThat(r.toJson()).contains("\"cause\":\"ok \uD83D\uDE00 bad \\ud83d!\"");
  }

  @Test
  void a_typed_kind_is_written_in_its_wire_form_with_its_evidence() {
    Journal j = Journal.builder().clock(CLOCK).build();
    JournalRecord plain = j.append("app/db", SupervisorJournalKind.CHILD_RESTART, "boom", "restart 'db'",
        Actor.automatic(), Duration.ZERO);
    assertThat(plain.kind()).isEqualTo("child.restart");
    assertThat(plain.evidence()).isEmpty();
    assertThat(plain.toJson()).doesNotContain("evidence");
    JournalRecord withEvidence = j.append("app/db", SupervisorJournalKind.CHILD_RESTART, "slow", "restart 'db'",
        Actor.automatic(), Duration.ZERO, java.util.Map.of("source", "anomaly", "score", "0.97"));
    assertThat(withEvidence.toJson()).endsWith(",\"evidence\":{\"score\":\"0.97\",\"source\":\"anomaly\"}}");
  }

  @Test
  void the_supervisor_kinds_have_distinct_dotted_lower_case_wire_forms() {
    List<String> wires = java.util.Arrays.stream(SupervisorJournalKind.values()).map(JournalKind::wire).toList();
    assertThat(wires).doesNotHaveDuplicates().allMatch(w -> w.matches("[a-z]+(\\.[a-z-]+)+"));
  }

  @Test
  void metrics_count_records_evictions_and_failing_listeners_in_one_record() {
    Journal j = Journal.builder().capacity(2).build();
    j.subscribe(r -> {
      throw new IllegalStateException("a broken subscriber");
    });
    for (int i = 0; i < 5; i++) {
      j.append("app/db", SupervisorJournalKind.CHILD_RESTART, "crash", "restart 'db'", Actor.automatic(),
          Duration.ZERO);
    }
    assertThat(j.metrics()).isEqualTo(new JournalMetrics(5, 3, 0, 0, 5));
  }
}
