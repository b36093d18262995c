package dev.selfheal.probes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {
  @Test
  void exceptionsBecomeTheirSimpleNameAndOtherTextStays() {
    assertThat(Redactor.redact("threw java.lang.IllegalStateException: password=x\nsecond line"))
        .isEqualTo("threw IllegalStateException");
    assertThat(Redactor.redact("java.io.IOException")).isEqualTo("IOException");
    assertThat(Redactor.redact("threw com.acme.Db$PoolError: pool at 10.0.0.1")).isEqualTo("threw PoolError");
    assertThat(Redactor.redact("liveness failed 3/3: not connected")).isEqualTo("liveness failed 3/3: not connected");
    assertThat(Redactor.redact("see example.com: down")).isEqualTo("see example.com: down");
    assertThat(Redactor.redact("")).isEmpty();
    assertThat(Redactor.redact(null)).isNull();
  }
}
