package dev.palisade.console.render;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the rendering contexts and renders the sign-in page in each on a background thread once
 * the HTTP server listens, so that the first operator does not wait for the engine and start-up to
 * ready is not delayed by it: the engine's classes and their compilation would otherwise compete
 * for the cores with the server's own start (about a second of the start-up on two cores). Where no
 * HTTP server runs (a function, whose requests come from its adapter), it starts with the
 * application context instead, so that it is done before the first invocation.
 */
@Singleton
@Requires(property = "palisade.console.warm-up", notEquals = "false")
final class RenderWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(RenderWarmUp.class);
  private final PageRenderer renderer;
  private final Clock clock;
  private final BeanContext beans;
  private final AtomicBoolean started = new AtomicBoolean();

  RenderWarmUp(PageRenderer renderer, Clock clock, BeanContext beans) {
    this.renderer = renderer;
    this.clock = clock;
    this.beans = beans;
  }

  @EventListener
  void onStartup(StartupEvent event) {
    if (!beans.containsBean(EmbeddedServer.class)) {
      start();
    }
  }

  @EventListener
  void onServerStartup(ServerStartupEvent event) {
    start();
  }

  private void start() {
    if (!started.compareAndSet(false, true)) {
      return;
    }
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
