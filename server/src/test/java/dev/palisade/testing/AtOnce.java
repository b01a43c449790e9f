package dev.palisade.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/**
 * Sends {@code n} requests at the same moment, each on its own thread, and collects the answers.
 */
public final class AtOnce {
  private AtOnce() {}

  public static <T> List<T> run(int n, IntFunction<T> request) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<T>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        answers.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                  return request.apply(index);
                },
                pool));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (CompletableFuture<T> a : answers) {
        out.add(a.get());
      }
      return out;
    } finally {
      pool.shutdown();
    }
  }
}
