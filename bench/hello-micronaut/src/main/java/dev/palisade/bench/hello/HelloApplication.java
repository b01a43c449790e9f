package dev.palisade.bench.hello;

import io.micronaut.runtime.Micronaut;

/** Baseline Micronaut Netty app for the health-live benchmark. */
public final class HelloApplication {
  private HelloApplication() {}

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(HelloApplication.class).banner(false).start();
  }
}
