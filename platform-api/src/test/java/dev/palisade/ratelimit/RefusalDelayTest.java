package dev.palisade.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RefusalDelayTest {
  private static final long MS = 1_000_000L;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private static RateLimitConfig config(Duration delay, int maxHeld) {
    return new RateLimitConfig(
        true, 100_000, 20, 20, 120, 240, 600, 1200, 10, 20, 10, 20, delay, maxHeld);
  }

  private double sent(String how) {
    return registry.get("palisade.rate.limit.refusals").tag("sent", how).counter().count();
  }

  @Test
  void aRefusalIsHeldUntilTheBucketRefillsWhenThatIsSoonerThanTheDelay() throws Exception {
    RefusalDelay delay = new RefusalDelay(config(Duration.ofSeconds(10), 10), registry);
    CompletableFuture<String> answer = delay.hold("429", 50 * MS).toCompletableFuture();
    assertThat(answer).isNotDone();
    // Sent after the 50 ms refill, long before the 10 s delay.
    assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("429");
    assertThat(sent("delayed")).isEqualTo(1);
    delay.close();
  }

  @Test
  void beyondTheMostHeldAtOnceARefusalIsSentAtOnce() {
    RefusalDelay delay = new RefusalDelay(config(Duration.ofSeconds(10), 1), registry);
    CompletableFuture<String> first = delay.hold("first", 10_000 * MS).toCompletableFuture();
    CompletableFuture<String> second = delay.hold("second", 10_000 * MS).toCompletableFuture();
    assertThat(first).isNotDone();
    assertThat(second).isCompletedWithValue("second");
    assertThat(sent("immediately")).isEqualTo(1);
    assertThat(registry.get("palisade.rate.limit.refusals.held").gauge().value()).isEqualTo(1);

    delay.close();
    assertThat(first).as("a stopping server sends what it holds").isCompletedWithValue("first");
  }

  @Test
  void aZeroDelayOrAFullBucketSendsAtOnce() {
    RefusalDelay off = new RefusalDelay(config(Duration.ZERO, 10), registry);
    assertThat(off.hold("a", 3_000 * MS).toCompletableFuture()).isCompletedWithValue("a");
    off.close();
    RefusalDelay on = new RefusalDelay(config(Duration.ofSeconds(1), 10), registry);
    assertThat(on.hold("b", 0).toCompletableFuture()).isCompletedWithValue("b");
    on.close();
    assertThat(sent("immediately")).isEqualTo(2);
  }

  @Test
  void theDelayIsBounded() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> config(Duration.ofSeconds(11), 10))
        .hasMessageContaining("refusal-delay");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> config(Duration.ofMillis(-1), 10))
        .hasMessageContaining("refusal-delay");
  }
}
