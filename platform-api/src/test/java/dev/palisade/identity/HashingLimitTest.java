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

  /** Waits (at most 10 s) until {@code condition} holds, looking again every millisecond. */
  private static void until(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
    }
  }

  /** Queues a hash on another thread, as a quiet client or not; returns once it is waiting. */
  private static CompletableFuture<String> queue(
      HashingLimit limit, boolean quietClient, String name, java.util.List<String> order)
      throws InterruptedException {
    CompletableFuture<String> f =
        CompletableFuture.supplyAsync(
            () -> {
              try (HashingPriority p = HashingPriority.of(quietClient)) {
                return limit.run(
                    () -> {
                      order.add(name);
                      return name;
                    });
              }
            });
    return f;
  }

  @Test
  void aQuietClientsHashGoesAheadOfTheOrdinaryQueueAndHasAQueueOfItsOwn() throws Exception {
    AtomicInteger refused = new AtomicInteger();
    HashingLimit limit =
        new HashingLimit(
            1, 1, Duration.ofSeconds(30), Duration.ofSeconds(1), refused::incrementAndGet);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> holder = holdSlot(limit, release);
    java.util.List<String> order =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    CompletableFuture<String> flood = queue(limit, false, "flood", order);
    until(() -> limit.waiting(false) == 1);
    assertThatThrownBy(() -> limit.run(() -> "second flood"))
        .as("the ordinary queue is full")
        .isInstanceOf(PlatformException.class);
    CompletableFuture<String> person = queue(limit, true, "person", order);
    until(() -> limit.waiting(true) == 1);
    release.countDown();
    assertThat(holder.get()).isEqualTo("first");
    assertThat(person.get()).isEqualTo("person");
    assertThat(flood.get()).isEqualTo("flood");
    assertThat(order).containsExactly("person", "flood");
    assertThat(refused.get()).isEqualTo(1);
  }
}
