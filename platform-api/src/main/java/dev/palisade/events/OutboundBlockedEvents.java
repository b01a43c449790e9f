package dev.palisade.events;

import dev.palisade.net.OutboundBlocked;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Raises {@code outboundBlocked} for each refusal of the outbound guard, with the client, the host
 * and the reason as context. The same client, host and reason raise at most one event a minute, so
 * a client retrying a refused destination does not flood the event store (the metric still counts
 * every refusal).
 */
@Singleton
final class OutboundBlockedEvents {
  static final Duration INTERVAL = Duration.ofMinutes(1);
  private static final int REMEMBERED = 1024;

  private final SecurityEvents events;
  private final Clock clock;
  private final Map<OutboundBlocked, Instant> raised = new ConcurrentHashMap<>();

  OutboundBlockedEvents(SecurityEvents events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  @EventListener
  void on(OutboundBlocked blocked) {
    Instant now = clock.instant();
    Instant last = raised.get(blocked);
    if (last != null && now.isBefore(last.plus(INTERVAL))) {
      return;
    }
    if (raised.size() >= REMEMBERED) {
      raised.clear();
    }
    raised.put(blocked, now);
    events.raise(
        SecurityEvents.event(
                SecurityEventType.OUTBOUND_BLOCKED,
                blocked.client()
                    + ": outbound connection to "
                    + blocked.host()
                    + " refused ("
                    + blocked.reason()
                    + ")")
            .context("client", blocked.client())
            .context("host", blocked.host())
            .context("reason", blocked.reason()));
  }
}
