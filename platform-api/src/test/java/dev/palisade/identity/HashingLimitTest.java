package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HashingLimitTest {
  /** Takes the only slot of {@code limit} until {@code release} opens; returns once it holds it. */
  private static CompletableFuture<String> holdSlot(HashingLimit limit, CountDownLatch release)
      throws InterruptedException {
    CountDownLatch inside = new CountDownLatch(1);
    CompletableFuture<String> holder =
        CompletableFuture.supplyAsync(
            () ->
                limit.run(
                    () -> {
                      inside.countDown();
                      try {
                        release.await();
                      } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                      }
                      return "first";
                    }));
    inside.await();
    return holder;
  }

  @Test
  void refusesAtOnceWhenEverySlotIsTakenAndTheQueueIsFull() throws Exception {
    AtomicInteger refused = new AtomicInteger();
    HashingLimit limit =
        new HashingLimit(
            1, 0, Duration.ofSeconds(5), Duration.ofSeconds(2), refused::incrementAndGet);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> holder = holdSlot(limit, release);
    assertThatThrownBy(() -> limit.run(() -> "second"))
        .isInstanceOfSatisfying(
            PlatformException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.BUSY);
              assertThat(e.retryAfterSeconds()).contains(2L);
            });
    assertThat(refused.get()).isEqualTo(1);
    release.countDown();
    assertThat(holder.get()).isEqualTo("first");
    assertThat(limit.run(() -> "after")).isEqualTo("after");
  }

  @Test
  void aQueuedHashRunsOnceASlotIsFree() throws Exception {
    HashingLimit limit =
        new HashingLimit(1, 1, Duration.ofSeconds(30), Duration.ofSeconds(1), () -> {});
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> holder = holdSlot(limit, release);
    CompletableFuture<String> queued =
        CompletableFuture.supplyAsync(() -> limit.run(() -> "queued"));
    release.countDown();
    assertThat(queued.get()).isEqualTo("queued");
    assertThat(holder.get()).isEqualTo("first");
  }
}
