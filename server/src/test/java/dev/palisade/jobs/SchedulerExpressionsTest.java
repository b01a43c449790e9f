package dev.palisade.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Cadences become the EventBridge Scheduler rate expressions AWS accepts. */
class SchedulerExpressionsTest {
  @Test
  void usesTheSingularUnitForOne() {
    assertThat(SchedulerExpressions.of(Duration.ofMinutes(1))).isEqualTo("rate(1 minute)");
    assertThat(SchedulerExpressions.of(Duration.ofHours(1))).isEqualTo("rate(1 hour)");
    assertThat(SchedulerExpressions.of(Duration.ofDays(1))).isEqualTo("rate(1 day)");
  }

  @Test
  void usesTheLargestUnitThatDividesTheCadence() {
    assertThat(SchedulerExpressions.of(Duration.ofMinutes(15))).isEqualTo("rate(15 minutes)");
    assertThat(SchedulerExpressions.of(Duration.ofMinutes(60))).isEqualTo("rate(1 hour)");
    assertThat(SchedulerExpressions.of(Duration.ofMinutes(90))).isEqualTo("rate(90 minutes)");
    assertThat(SchedulerExpressions.of(Duration.ofHours(36))).isEqualTo("rate(36 hours)");
    assertThat(SchedulerExpressions.of(Duration.ofHours(48))).isEqualTo("rate(2 days)");
    assertThat(SchedulerExpressions.of(Duration.ofDays(7))).isEqualTo("rate(7 days)");
  }

  @Test
  void refusesCadencesEventBridgeCannotRun() {
    assertThatThrownBy(() -> SchedulerExpressions.of(Duration.ofSeconds(30)))
        .hasMessageContaining("PT30S is not a whole number of minutes");
    assertThatThrownBy(() -> SchedulerExpressions.of(Duration.ofSeconds(61)))
        .hasMessageContaining("PT1M1S is not a whole number of minutes");
    assertThatThrownBy(() -> SchedulerExpressions.of(Duration.ofMinutes(5).plusMillis(1)))
        .hasMessageContaining("not a whole number of minutes");
    assertThatThrownBy(() -> SchedulerExpressions.of(Duration.ZERO))
        .hasMessageContaining("must be positive");
    assertThatThrownBy(() -> SchedulerExpressions.of(Duration.ofMinutes(-5)))
        .hasMessageContaining("must be positive");
  }
}
