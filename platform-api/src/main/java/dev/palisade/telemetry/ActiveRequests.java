package dev.palisade.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code http_server_requests_active}: requests of the API listener in flight, from the first
 * filter to the response (a refusal held by the rate limiter counts while it is held).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class ActiveRequests implements Ordered {
  private static final String COUNTED = "palisade.active_counted";
  private final AtomicInteger active = new AtomicInteger();

  ActiveRequests(MeterRegistry registry) {
    Gauge.builder("http.server.requests.active", active, AtomicInteger::get)
        .description("HTTP requests in flight")
        .register(registry);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @RequestFilter
  public void onRequest(HttpRequest<?> request) {
    request.setAttribute(COUNTED, Boolean.TRUE);
    active.incrementAndGet();
  }

  @ResponseFilter
  public void onResponse(HttpRequest<?> request, MutableHttpResponse<?> response) {
    if (request.getAttribute(COUNTED, Boolean.class).orElse(false)) {
      request.removeAttribute(COUNTED, Boolean.class);
      active.decrementAndGet();
    }
  }
}
