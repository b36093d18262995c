package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.core.event.Actor;
import dev.selfheal.core.spi.HealthStatus;
import dev.selfheal.recovery.fake.Waiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkheadTest {

  private static Bulkhead bulkhead(int max) {
    return Bulkhead.of("b", BulkheadConfig.builder().maxConcurrentCalls(max).build());
  }

  @Test
  void admitsUpToMaxThenRefuses() {
    Bulkhead b = bulkhead(2);
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isFalse();
    assertThat(b.availablePermits()).isZero();
    assertThat(b.permittedCalls()).isEqualTo(2);
    assertThat(b.rejectedCalls()).isEqualTo(1);
    b.release();
    assertThat(b.availablePermits()).isEqualTo(1);
  }

  @Test
  void releaseWithoutPermitIsRefusedAndNeverInflatesCapacity() {
    Bulkhead b = bulkhead(1);
    assertThatThrownBy(b::release).isInstanceOf(IllegalStateException.class).hasMessageContaining("double release");
    assertThat(b.availablePermits()).isEqualTo(1);
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isFalse();
  }

  @Test
  void permitHandleReleasesOnce() {
    Bulkhead b = bulkhead(2);
    Bulkhead.Permit p = b.tryAcquirePermit();
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.availablePermits()).isZero();
    p.close();
    p.close();
    assertThat(b.availablePermits()).isEqualTo(1);
    assertThat(b.tryAcquirePermit()).isNotNull();
    assertThat(b.tryAcquirePermit()).isNull();
  }

  @Test
  void saturatedIsDegradedAndCriticalComesFromConfig() {
    Bulkhead b = Bulkhead.of("b", BulkheadConfig.builder().maxConcurrentCalls(1).critical(true).build());
    assertThat(b.health().status()).isEqualTo(HealthStatus.UP);
    assertThat(b.critical()).isTrue();
    b.tryAcquire();
    assertThat(b.health().status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(b.health().message()).contains("saturated");
    assertThat(bulkhead(1).critical()).isFalse();
  }

  @Test
  void boundedWaitTimesOutWithoutPermit() throws Exception {
    Bulkhead b = bulkhead(1);
    b.tryAcquire();
    assertThat(b.tryAcquire(Duration.ofMillis(20))).isFalse();
    b.release();
    assertThat(b.availablePermits()).isEqualTo(1);
  }

  @Test
  void waiterTakesThePermitAReleaseFrees() throws Exception {
    Bulkhead b = bulkhead(1);
    b.tryAcquire();
    Waiter waiter = Waiter.startParked(() -> b.tryAcquire(Duration.ofSeconds(30)));
    b.release();
    assertThat(waiter.join()).isTrue();
    assertThat(b.availablePermits()).isZero();
  }

  @Test
  void interruptedWaiterHoldsNoPermit() throws Exception {
    Bulkhead b = bulkhead(1);
    b.tryAcquire();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> b.tryAcquire(Duration.ofSeconds(5))).isInstanceOf(InterruptedException.class);
    b.release();
    assertThat(b.availablePermits()).isEqualTo(1);
  }

  @Test
  void reconfigureKeepsPermitsInUseWakesWaitersAndIsJournaled() throws Exception {
    try (RecoveryRegistry registry = RecoveryRegistry.builder().exposeHealth(false).build()) {
      List<RecoveryEvent.ConfigChanged> events = new ArrayList<>();
      registry.events().subscribe(RecoveryEvent.ConfigChanged.class, events::add);
      Bulkhead b = registry.bulkhead("b", BulkheadConfig.builder().maxConcurrentCalls(1).build());
      b.tryAcquire();
      Waiter waiter = Waiter.startParked(() -> b.tryAcquire(Duration.ofSeconds(30)));
      b.reconfigure(b.config().toBuilder().maxConcurrentCalls(2).build(), Actor.operator("alice"));
      assertThat(waiter.join()).isTrue();
      assertThat(b.availablePermits()).isZero();
      assertThat(events).singleElement().satisfies(e -> {
        assertThat(e.policy()).isEqualTo("bulkhead");
        assertThat(e.actor()).isEqualTo(Actor.operator("alice"));
      });
      assertThat(registry.journal().tail()).anySatisfy(r -> {
        assertThat(r.kind()).isEqualTo("bulkhead.reconfigure");
        assertThat(r.path()).isEqualTo("bulkhead:b");
        assertThat(r.decision()).contains("maxConcurrentCalls=2");
      });
      // lowering below the permits in use lets them finish and admits nothing new
      b.reconfigure(b.config().toBuilder().maxConcurrentCalls(1).build());
      b.release();
      assertThat(b.tryAcquire()).isFalse();
      b.release();
      assertThat(b.tryAcquire()).isTrue();
    }
  }
}
