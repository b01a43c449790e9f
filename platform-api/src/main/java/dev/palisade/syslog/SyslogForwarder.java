package dev.palisade.syslog;

import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditFilter;
import dev.palisade.audit.AuditQueries;
import dev.palisade.errors.PlatformException;
import dev.palisade.events.SecurityEventQueries;
import dev.palisade.events.SecurityEventQueries.Positioned;
import dev.palisade.events.SecurityEventType;
import dev.palisade.events.SecurityEvents;
import dev.palisade.syslog.SyslogDestinations.Cursor;
import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
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
 * cursor, on one thread every {@code palisade.syslog.poll-interval}. A round holds the
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

  private record Drop(long count, long chainFrom, long chainTo, long eventsSkipped) {}

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
    Drop drop =
        databases.inTransaction(
            scope,
            h -> {
              Optional<Cursor> locked = SyslogDestinations.lock(h);
              if (locked.isEmpty()) {
                metrics.forget(scope.id()); // another instance delivers and reports the lag
                return null;
              }
              Round r = new Round(scope, l, locked.get());
              r.run();
              SyslogDestinations.update(h, r.cursor);
              return r.drop;
            });
    if (drop != null) {
      raiseDropped(scope, drop);
    }
  }

  private void raiseDropped(Scope scope, Drop d) {
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

  /** One round for one destination, inside the transaction that holds its cursor. */
  private final class Round {
    final Scope scope;
    final Link link;
    final String scopeType;
    Cursor cursor;
    Drop drop;

    Round(Scope scope, Link link, Cursor cursor) {
      this.scope = scope;
      this.link = link;
      this.cursor = cursor;
      this.scopeType = scope.isInstall() ? "install" : "org";
    }

    void run() {
      java.util.UUID org = scope.orgId().orElse(null);
      long head = audit.lastSequence(scope);
      long eventsBehind = events.countAfter(org, cursor.eventPosition());
      skipOverLimit(org, head, eventsBehind);
      confirm();
      List<AuditEntry> entries =
          audit.list(scope, AuditFilter.ALL, cursor.chainSequence(), config.batchSize());
      List<Positioned> news = events.after(org, cursor.eventPosition(), config.batchSize());
      if (entries.isEmpty() && news.isEmpty()) {
        metrics.lag(scope.id(), lag(head, eventsBehind));
        return;
      }
      Messages m = new Messages(link.settings, config.sdId(), hostname, org);
      List<byte[]> out = new ArrayList<>(entries.size() + news.size());
      entries.forEach(e -> out.add(m.entry(e)));
      news.forEach(p -> out.add(m.event(p.event())));
      long lastChain =
          entries.isEmpty() ? cursor.chainSequence() : entries.get(entries.size() - 1).sequence();
      long lastEvent =
          news.isEmpty() ? cursor.eventPosition() : news.get(news.size() - 1).position();
      int truncated;
      try {
        if (link.connection == null) {
          link.connection = relays.connect(link.settings, new Steps());
        }
        truncated = link.connection.send(out);
        link.connected = true;
        link.succeeded();
      } catch (IOException | PlatformException e) {
        RelayFailure f = RelayFailure.of(e);
        link.disconnect();
        link.failed(System.nanoTime(), config.pollInterval().toNanos());
        metrics.messages(scopeType, link.settings.transport(), "failed", out.size());
        cursor = with(cursor.chainSequence(), cursor.eventPosition(), f.text(), 0, 0);
        metrics.lag(scope.id(), lag(head, eventsBehind));
        return;
      }
      metrics.messages(scopeType, link.settings.transport(), "sent", out.size());
      if (truncated > 0) {
        metrics.truncated(scopeType, truncated);
      }
      if (link.settings.transport() == Transport.UDP) {
        cursor = with(lastChain, lastEvent, null, out.size(), truncated);
      } else {
        link.pendingChain = lastChain;
        link.pendingEvent = lastEvent;
        cursor = with(cursor.chainSequence(), cursor.eventPosition(), null, out.size(), truncated);
      }
      metrics.lag(
          scope.id(), Math.max(0, head - lastChain) + Math.max(0, eventsBehind - news.size()));
    }

    private long lag(long head, long eventsBehind) {
      return Math.max(0, head - cursor.chainSequence()) + eventsBehind;
    }

    /** Messages sent in an earlier round count once the relay still holds the stream open. */
    private void confirm() {
      if (link.pendingChain < 0) {
        return;
      }
      if (link.connection != null && link.connection.open(1)) {
        cursor =
            new Cursor(
                Math.max(cursor.chainSequence(), link.pendingChain),
                Math.max(cursor.eventPosition(), link.pendingEvent),
                clock.instant(),
                null,
                cursor.sent(),
                cursor.truncated(),
                cursor.dropped());
        link.pendingChain = -1;
        link.pendingEvent = -1;
      } else {
        link.disconnect();
      }
    }

    private void skipOverLimit(java.util.UUID org, long head, long eventsBehind) {
      int max = config.maxLag();
      long chainSkip = Math.max(0, head - cursor.chainSequence() - max);
      long eventSkip = eventsBehind > max ? eventsBehind - max + 1 : 0;
      if (chainSkip == 0 && eventSkip == 0) {
        return;
      }
      long chainFrom = cursor.chainSequence() + 1;
      long chainTo = cursor.chainSequence() + chainSkip;
      long event =
          eventSkip == 0
              ? cursor.eventPosition()
              : events.nthAfter(org, cursor.eventPosition(), eventSkip);
      drop =
          new Drop(
              chainSkip + eventSkip,
              chainSkip == 0 ? 0 : chainFrom,
              chainSkip == 0 ? 0 : chainTo,
              eventSkip);
      link.pendingChain = -1;
      link.pendingEvent = -1;
      cursor =
          new Cursor(
              chainTo,
              event,
              cursor.deliveredAt(),
              cursor.lastError(),
              cursor.sent(),
              cursor.truncated(),
              cursor.dropped() + chainSkip + eventSkip);
    }

    private Cursor with(long chain, long event, String error, int sent, int truncated) {
      return new Cursor(
          chain,
          event,
          sent > 0 ? clock.instant() : cursor.deliveredAt(),
          error,
          cursor.sent() + sent,
          cursor.truncated() + truncated,
          cursor.dropped());
    }
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
    links.values().forEach(Link::disconnect);
  }
}
