package dev.selfheal.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.recovery.fake.TestMdc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class FallbackTest {

  @Test
  void replacesHandledExceptionTypes() {
    Fallback<String> fb = Fallback.<String>builder((failure, result) -> "fallback:" + failure.getMessage())
        .handle(IllegalStateException.class).build();
    assertThat(fb.get(() -> {
      throw new IllegalStateException("down");
    })).isEqualTo("fallback:down");
    assertThatThrownBy(() -> fb.get(() -> {
      throw new IllegalArgumentException("other");
    })).isInstanceOf(IllegalArgumentException.class);
    assertThat(fb.fallbacks()).isEqualTo(1);
  }

  @Test
  void replacesByPredicateAndByResult() throws Exception {
    Fallback<String> fb = Fallback.<String>builder((failure, result) -> failure != null ? "failed" : "was " + result)
        .handleIf(t -> t.getMessage().startsWith("retryable"))
        .handleResultIf("bad"::equals)
        .build();
    assertThat(fb.call(() -> {
      throw new IOException("retryable io");
    })).isEqualTo("failed");
    assertThat(fb.get(() -> "bad")).isEqualTo("was bad");
    assertThat(fb.get(() -> "good")).isEqualTo("good");
  }

  @Test
  void neverHandlesErrorsByDefault() {
    Fallback<String> fb = Fallback.ofValue("x");
    assertThatThrownBy(() -> fb.get(() -> {
      throw new AssertionError("error");
    })).isInstanceOf(AssertionError.class);
  }

  @Test
  void asyncFallbackRunsWithTheCallersMdc() throws Exception {
    TestMdc.install();
    AtomicReference<String> mdc = new AtomicReference<>();
    Fallback<String> fb = Fallback.<String>builder((failure, result) -> {
      mdc.set(MDC.get("request"));
      return "fallback";
    }).build();
    CompletableFuture<String> inner = new CompletableFuture<>();
    MDC.put("request", "9");
    CompletableFuture<String> f = fb.getAsync(() -> inner);
    MDC.clear();
    inner.completeExceptionally(new UncheckedIOException(new IOException("x")));
    assertThat(f.get()).isEqualTo("fallback");
    assertThat(mdc).hasValue("9");
  }
}
