package dev.selfheal.recovery.issues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.recovery.Bulkhead;
import dev.selfheal.recovery.BulkheadConfig;
import org.junit.jupiter.api.Test;

/** resilience4j #263 / PR #264: a permit released more than once inflated capacity above the maximum. */
class Resilience4j264Test {

  @Test
  void releasingTwiceNeverInflatesCapacity() {
    Bulkhead bulkhead = Bulkhead.of("b", BulkheadConfig.builder().maxConcurrentCalls(2).build());
    Bulkhead.Permit permit = bulkhead.tryAcquirePermit();
    permit.close();
    permit.close();
    assertThat(bulkhead.availablePermits()).isEqualTo(2);
    assertThat(bulkhead.tryAcquire()).isTrue();
    bulkhead.release();
    assertThatThrownBy(bulkhead::release).isInstanceOf(IllegalStateException.class);
    assertThat(bulkhead.availablePermits()).isEqualTo(2);
    assertThat(bulkhead.tryAcquire() && bulkhead.tryAcquire()).isTrue();
    assertThat(bulkhead.tryAcquire()).isFalse();
  }
}
