package dev.palisade.jobs;

import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A job whose behaviour a test sets: succeed, fail, throw, sleep or block. Its counters are static
 * so that they see runs from every application context in the JVM (two "instances" of the server on
 * one database).
 */
@Singleton
@Requires(property = "palisade.test.jobs", value = "true")
final class ControlledTestJob implements Job {
  static final String NAME = "test-controlled";

  enum Mode {
    SUCCEED,
    PARTIAL,
    FAIL,
    THROW,
    SLEEP,
    BLOCK
  }

  static volatile Mode mode = Mode.SUCCEED;
  static volatile String message = "done";
  static volatile Duration sleep = Duration.ZERO;
  static volatile CountDownLatch gate = new CountDownLatch(0);
  static volatile CountDownLatch entered = new CountDownLatch(1);
  static final AtomicInteger current = new AtomicInteger();
  static final AtomicInteger maxConcurrent = new AtomicInteger();
  static final AtomicInteger runs = new AtomicInteger();
  static final AtomicBoolean interrupted = new AtomicBoolean();

  static void reset() {
    mode = Mode.SUCCEED;
    message = "done";
    sleep = Duration.ZERO;
    gate = new CountDownLatch(0);
    entered = new CountDownLatch(1);
    current.set(0);
    maxConcurrent.set(0);
    runs.set(0);
    interrupted.set(false);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "A job driven by tests";
  }

  @Override
  public Duration defaultCadence() {
    return Duration.ofHours(1);
  }

  @Override
  public JobResult run(JobContext context) throws Exception {
    int now = current.incrementAndGet();
    maxConcurrent.accumulateAndGet(now, Math::max);
    runs.incrementAndGet();
    entered.countDown();
    try {
      return switch (mode) {
        case SUCCEED -> JobResult.success(message);
        case PARTIAL -> JobResult.partial(message);
        case FAIL -> JobResult.failed(message);
        case THROW -> throw new IllegalStateException(message);
        case SLEEP -> {
          try {
            Thread.sleep(sleep.toMillis());
          } catch (InterruptedException e) {
            interrupted.set(true);
            throw e;
          }
          yield JobResult.success("slept " + sleep.toMillis() + " ms");
        }
        case BLOCK -> {
          gate.await();
          yield JobResult.success("released");
        }
      };
    } finally {
      current.decrementAndGet();
    }
  }
}
