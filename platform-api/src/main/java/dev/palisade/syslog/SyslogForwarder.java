package dev.palisade.syslog;

import dev.palisade.audit.AuditQueries;
import dev.palisade.events.SecurityEventQueries;
import dev.palisade.events.SecurityEventType;
import dev.palisade.events.SecurityEvents;
import dev.palisade.syslog.SyslogDestinations.Cursor;
import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers every destination's chain entries and security events in order, from its persisted
 * cursor, on one thread every {@code palisade.syslog.poll-interval}; a destination whose round sent
 * a full batch gets the next round at once, for up to one poll interval. A round holds the
 * destination's cursor row ({@code for update skip locked}), so two instances never deliver to one
 * destination at once. Over UDP the cursor moves when the datagrams are sent; over TCP and TLS when
 * the relay still holds the connection open at the next round, else the unconfirmed messages are
 * sent again (at least once: {@code event_id} lets the receiver drop repeats). A destination more
 * than {@code max-lag} entries behind skips the oldest, counts them and raises {@code
 * syslogEventsDropped}.
 */
@Context
public final class SyslogForwarder {
  private static final Logger LOG = LoggerFactory.getLogger(SyslogForwarder.class);

  private final Databases databases;
  private final Organizations organizations;
  private final SyslogDestinations destinations;
  private final AuditQueries audit;
  private final SecurityEventQueries events;
  private final SecurityEvents raise;
  private final Relays relays;
  private final SyslogConfig config;
  private final SyslogMetrics metrics;
  private final Clock clock;
  private final String hostname;
  private final DeliveryRound.Sources sources;
  private final Map<Scope, Link> links = new ConcurrentHashMap<>();
  private final Set<Scope> orgScopes = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService executor;
  private long refreshedAt = Long.MIN_VALUE;

  SyslogForwarder(
      Databases databases,
      Organizations organizations,
      SyslogDestinations destinations,
      AuditQueries audit,
      SecurityEventQueries events,
      SecurityEvents raise,
      Relays relays,
      SyslogConfig config,
      SyslogMetrics metrics,
      Clock clock) {
    this.databases = databases;
    this.organizations = organizations;
    this.destinations = destinations;
    this.audit = audit;
    this.events = events;
    this.raise = raise;
    this.relays = relays;
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
    this.hostname = LocalHost.name();
    this.sources =
        new DeliveryRound.Sources(audit, events, relays, config, metrics, clock, hostname);
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "palisade-syslog-forwarder");
              t.setDaemon(true);
              return t;
            });
    long tick = config.pollInterval().toMillis();
    executor.scheduleWithFixedDelay(this::round, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** The HOSTNAME written when a destination sets no override. */
  String hostname() {
    return hostname;
  }

  /** Whether this instance holds an open connection to the scope's destination. */
  public boolean connected(Scope scope) {
    Link l = links.get(scope);
    return l != null && l.connected;
  }

  /** A destination's settings changed on this instance: the next round picks them up. */
  public void changed(Scope scope) {
    if (!scope.isInstall()) {
      orgScopes.add(scope);
    }
  }

  private void round() {
    try {
      if (System.nanoTime() - refreshedAt > config.refreshInterval().toNanos()
          || refreshedAt == Long.MIN_VALUE) {
        organizations.forEach(
            o -> {
              Scope s = Scope.of(o);
              if (destinations.settings(s).isPresent()) {
                orgScopes.add(s);
              }
            });
        refreshedAt = System.nanoTime();
      }
      List<Scope> scopes = new ArrayList<>();
      scopes.add(Scope.install());
      scopes.addAll(orgScopes);
      for (Scope s : scopes) {
        try {
          deliver(s);
        } catch (RuntimeException e) {
          LOG.warn("syslog delivery for {} failed: {}", s.id(), Sanitizer.reason(e));
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("syslog round failed: {}", Sanitizer.reason(e));
    }
  }

  private void deliver(Scope scope) {
    Optional<SyslogSettings> settings = destinations.settings(scope);
    if (settings.isEmpty() || !settings.get().enabled()) {
      Link gone = links.remove(scope);
      if (gone != null) {
        gone.disconnect();
      }
      metrics.forget(scope.id());
      return;
    }
    Link link = links.get(scope);
    if (link == null || !link.settings.equals(settings.get())) {
      if (link != null) {
        link.disconnect();
      }
      link = new Link(settings.get());
      links.put(scope, link);
    }
    if (!link.due(System.nanoTime())) {
      return;
    }
    Link l = link;
    long until = System.nanoTime() + config.pollInterval().toNanos();
    DeliveryRound round;
    do {
      round =
          databases.inTransaction(
              scope,
              h -> {
                Optional<Cursor> locked = SyslogDestinations.lock(h);
                if (locked.isEmpty()) {
                  metrics.forget(scope.id()); // another instance delivers and reports the lag
                  return null;
                }
                DeliveryRound r = new DeliveryRound(sources, scope, l, locked.get());
                r.run();
                SyslogDestinations.update(h, r.cursor);
                return r;
              });
      if (round != null) {
        l.sized(round.full, config.batchSize());
      }
      if (round != null && round.drop != null) {
        raiseDropped(scope, round.drop);
      }
      // a full batch means more is waiting: go on for up to one poll interval, then the others
    } while (round != null && round.full && System.nanoTime() - until < 0);
  }

  private void raiseDropped(Scope scope, DeliveryRound.Drop d) {
    String type = scope.isInstall() ? "install" : "org";
    metrics.dropped(type, d.count());
    SecurityEvents.NewEvent e =
        SecurityEvents.event(
                SecurityEventType.SYSLOG_EVENTS_DROPPED,
                "the syslog destination fell more than "
                    + config.maxLag()
                    + " entries behind: "
                    + d.count()
                    + " were skipped")
            .org(scope.orgId().orElse(null))
            .context("count", d.count())
            .context("eventsSkipped", d.eventsSkipped());
    if (d.chainTo() > 0) {
      e.context("chainFrom", d.chainFrom()).context("chainTo", d.chainTo());
    }
    raise.raise(e);
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
    links.values().forEach(Link::disconnect);
  }
}
