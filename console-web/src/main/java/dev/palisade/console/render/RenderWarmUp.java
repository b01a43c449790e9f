package dev.palisade.console.render;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the rendering contexts and renders the sign-in page in each on a background thread once
 * the server has started, so that the first operator does not wait for the engine and start-up to
 * ready is not delayed by it.
 */
@Singleton
@Requires(property = "palisade.console.warm-up", notEquals = "false")
final class RenderWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(RenderWarmUp.class);
  private final PageRenderer renderer;
  private final Clock clock;

  RenderWarmUp(PageRenderer renderer, Clock clock) {
    this.renderer = renderer;
    this.clock = clock;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    Thread t = new Thread(this::warm, "console-render-warm-up");
    t.setDaemon(true);
    t.start();
  }

  private void warm() {
    ConsolePage page =
        new ConsolePage(
            "sign-in",
            "Sign in",
            "/console/sign-in",
            Map.of(),
            null,
            "warm-up",
            null,
            null,
            Instant.now(clock).toString());
    try {
      renderer.warmUp(page);
    } catch (RuntimeException e) {
      LOG.error("console: warming up the renderer failed; pages will be rendered on demand", e);
    }
  }
}
