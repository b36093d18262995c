package dev.selfheal.core.internal.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * The intensity window against a naive model: keep every restart, count those with now - t <= period. The
 * window keeps at most maxRestarts + 1 timestamps, so its count is the model's, capped there.
 */
class RestartWindowProperties {

  @Property
  void exceeds_exactly_when_the_naive_model_does(
      @ForAll @IntRange(min = 0, max = 6) int maxRestarts,
      @ForAll @LongRange(min = 1, max = 20) long period,
      @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 8) Integer> gaps) {
    RestartWindow window = new RestartWindow(maxRestarts, period);
    List<Long> model = new ArrayList<>();
    long now = 0;
    for (int gap : gaps) {
      now += gap;
      model.add(now);
      long t = now;
      long inWindow = model.stream().filter(r -> t - r <= period).count();
      boolean exceeded = window.record(now);
      assertThat(exceeded).isEqualTo(inWindow > maxRestarts);
      assertThat(window.count(now)).isEqualTo((int) Math.min(inWindow, maxRestarts + 1L));
      assertThat(window.held()).isLessThanOrEqualTo(maxRestarts + 1);
    }
  }

  @Property
  void would_exceed_predicts_record(
      @ForAll @IntRange(min = 0, max = 4) int maxRestarts,
      @ForAll @Size(max = 30) List<@IntRange(min = 0, max = 5) Integer> gaps) {
    RestartWindow window = new RestartWindow(maxRestarts, 7);
    long now = 0;
    for (int gap : gaps) {
      now += gap;
      boolean predicted = window.wouldExceed(now);
      assertThat(window.record(now)).isEqualTo(predicted);
    }
  }
}
