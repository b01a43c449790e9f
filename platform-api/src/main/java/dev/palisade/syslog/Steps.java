package dev.palisade.syslog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The steps of a connection or a test and how long each took, in order. Not thread-safe. */
public final class Steps {
  /** One step: its name and duration in milliseconds. */
  public record Step(String name, double millis) {}

  /** Work of one step. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws IOException;
  }

  private final List<Step> steps = new ArrayList<>();

  <T> T time(String name, Work<T> work) throws IOException {
    long start = System.nanoTime();
    try {
      return work.run();
    } finally {
      steps.add(new Step(name, Math.round((System.nanoTime() - start) / 10_000.0) / 100.0));
    }
  }

  public List<Step> list() {
    return List.copyOf(steps);
  }
}
