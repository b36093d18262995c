package dev.selfheal.core.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.DurationHistogram;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LogLinearHistogramTest {

  @Property
  void every_value_falls_inside_its_bucket(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long v) {
    int i = LogLinearHistogram.index(v);
    assertThat(i).isBetween(0, LogLinearHistogram.buckets() - 1);
    long lower = i == 0 ? 0 : LogLinearHistogram.upperBound(i - 1);
    assertThat(v).isGreaterThanOrEqualTo(lower);
    if (i < LogLinearHistogram.buckets() - 1) {
      assertThat(v).isLessThan(LogLinearHistogram.upperBound(i));
    }
  }

  @Test
  void buckets_are_at_most_an_eighth_of_their_lower_bound_wide() {
    for (int i = 2; i < LogLinearHistogram.buckets() - 1; i++) {
      long lower = LogLinearHistogram.upperBound(i - 1);
      long width = LogLinearHistogram.upperBound(i) - lower;
      assertThat(width * 8).isLessThanOrEqualTo(lower);
    }
  }

  /** Against a sorted-list model: the answer is never below the true percentile and within 12.5 % above it. */
  @Property(tries = 300)
  void percentiles_match_a_sorted_model_within_the_bucket_error(
      @ForAll @Size(min = 1, max = 200) List<@LongRange(min = 1L << 20, max = 1L << 41) Long> values,
      @ForAll @LongRange(min = 0, max = 100) long percent) {
    LogLinearHistogram h = new LogLinearHistogram();
    values.forEach(h::record);
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    double p = percent / 100.0;
    long exact = sorted[(int) Math.max(0, Math.ceil(p * sorted.length) - 1)];
    DurationHistogram s = h.snapshot();
    assertThat(s.count()).isEqualTo(values.size());
    assertThat(s.maxNanos()).isEqualTo(sorted[sorted.length - 1]);
    assertThat(s.totalNanos()).isEqualTo(Arrays.stream(sorted).sum());
    assertThat(s.percentileNanos(p)).isGreaterThanOrEqualTo(exact).isLessThanOrEqualTo(exact + exact / 8 + 1)
        .isLessThanOrEqualTo(s.maxNanos());
    long bound = sorted[sorted.length / 2];
    long atOrBelow = Arrays.stream(sorted).filter(x -> x <= bound).count();
    assertThat(s.countAtOrBelow(bound)).isLessThanOrEqualTo(atOrBelow);
  }

  @Test
  void an_empty_histogram_answers_zero_and_rejects_a_bad_percentile() {
    DurationHistogram s = new LogLinearHistogram().snapshot();
    assertThat(s.count()).isZero();
    assertThat(s.percentileNanos(0.99)).isZero();
    assertThatThrownBy(() -> s.percentileNanos(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.5");
  }

  @Test
  void concurrent_records_are_all_counted() throws InterruptedException {
    LogLinearHistogram h = new LogLinearHistogram();
    int threads = 4;
    int perThread = 50_000;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long base = (t + 1) * 1_000_000L;
      Thread th = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        for (int i = 0; i < perThread; i++) {
          h.record(base + i);
        }
      });
      th.start();
      ts.add(th);
    }
    go.countDown();
    for (Thread th : ts) {
      th.join();
    }
    DurationHistogram s = h.snapshot();
    assertThat(s.count()).isEqualTo((long) threads * perThread);
    assertThat(s.maxNanos()).isEqualTo(threads * 1_000_000L + perThread - 1);
    long expectedSum = 0;
    for (int t = 0; t < threads; t++) {
      expectedSum += perThread * ((t + 1) * 1_000_000L) + (long) perThread * (perThread - 1) / 2;
    }
    assertThat(s.totalNanos()).isEqualTo(expectedSum);
  }

  @Test
  void recording_allocates_nothing() {
    LogLinearHistogram h = new LogLinearHistogram();
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 100_000; i++) {
      h.record(i * 1000L); // warm up (JIT)
    }
    long before = mx.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 100_000; i++) {
      h.record(i * 977L);
    }
    long allocated = mx.getCurrentThreadAllocatedBytes() - before;
    assertThat(allocated).isLessThan(1024);
  }
}
