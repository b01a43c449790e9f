package dev.palisade.api.metrics;

import dev.palisade.telemetry.Scrape;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/**
 * {@code GET /metrics} on the main listener, unless a management port is configured: then the
 * series are served only there, by the management listener.
 */
@Controller("/metrics")
@Secured(SecurityRule.IS_ANONYMOUS)
@Requires(missingProperty = "palisade.management.port")
final class MetricsController {
  private final Scrape scrape;

  MetricsController(Scrape scrape) {
    this.scrape = scrape;
  }

  @Get
  HttpResponse<String> metrics() {
    return HttpResponse.ok(scrape.render()).contentType(Scrape.CONTENT_TYPE);
  }
}
