package dev.palisade.health;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the probe requests that reach Micronaut's filter chain, for {@link ProbeFastPathIT}. */
@ServerFilter("/api/health/**")
@Requires(property = "palisade.test.count-filtered-probes", value = "true")
final class FilteredProbes {
  static final AtomicInteger COUNT = new AtomicInteger();

  @RequestFilter
  void count(HttpRequest<?> request) {
    COUNT.incrementAndGet();
  }
}
