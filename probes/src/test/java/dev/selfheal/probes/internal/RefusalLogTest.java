package dev.selfheal.probes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.event.Journal;
import dev.selfheal.core.event.JournalRecord;
import dev.selfheal.test.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefusalLogTest {
  final ManualTicker ticker = new ManualTicker();
  final Journal journal = Journal.builder().capacity(8).build();
  final RefusalLog log = new RefusalLog(journal.refusals(), ticker, "app");

  @Test
  void oneRecordPerSourcePerMinuteAndManySourcesShareOne() {
    journal.append("app/db", "child.restart", "", "restart", Actor.automatic(), Duration.ZERO);
    for (int s = 0; s < RefusalLog.MAX_SOURCES + 50; s++) {
      for (int i = 0; i < 3; i++) {
        log.refused("10.0.0." + s, "wrong bearer token", "/selfheal/stop");
      }
    }
    log.flushDue();
    assertThat(journal.refusals().tail()).as("the minute is not over").isEmpty();
    ticker.advance(Duration.ofSeconds(60));
    log.flushDue();
    assertThat(journal.refusals().lastSequence()).isEqualTo(RefusalLog.MAX_SOURCES + 1);
    assertThat(journal.refusals().tail()).last().extracting(JournalRecord::decision, JournalRecord::cause)
        .containsExactly("refused 150 attempts", "wrong bearer token: 150; from other within one minute;"
            + " last command /selfheal/stop");
    assertThat(log.total()).isEqualTo(3L * (RefusalLog.MAX_SOURCES + 50));
    assertThat(journal.tail()).as("healing tail untouched").hasSize(1);
    assertThat(journal.refusals().capacity()).isEqualTo(8);
  }
}
