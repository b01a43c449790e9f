package dev.palisade.bench.hello;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.Map;

/** The same liveness answer as Palisade's, with nothing else around it. */
@Controller("/api/health")
final class HealthController {
  private static final Map<String, String> LIVE = Map.of("status", "ok");

  @Get("/live")
  Map<String, String> live() {
    return LIVE;
  }
}
