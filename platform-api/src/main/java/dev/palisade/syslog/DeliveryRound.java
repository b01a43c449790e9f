package dev.palisade.syslog;

import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditFilter;
import dev.palisade.audit.AuditQueries;
import dev.palisade.errors.PlatformException;
import dev.palisade.events.SecurityEventQueries;
import dev.palisade.events.SecurityEventQueries.Positioned;
import dev.palisade.syslog.SyslogDestinations.Cursor;
import dev.palisade.telemetry.Spans;
import dev.palisade.tenancy.Scope;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * One delivery round for one destination, run inside the transaction that holds its cursor: skip
 * what is over the lag limit, confirm what the last round wrote to a stream that is still open,
 * read and send what follows the cursor, and leave the cursor to store in {@link #cursor}.
 */
final class DeliveryRound {
  /** What a round reads from and writes to. */
  record Sources(
      AuditQueries audit,
      SecurityEventQueries events,
      Relays relays,
      SyslogConfig config,
      SyslogMetrics metrics,
      Clock clock,
      String hostname) {}

  /** Entries skipped over the lag limit; the chain range is 0 to 0 when none of the chain's. */
  record Drop(long count, long chainFrom, long chainTo, long eventsSkipped) {}

  private final AuditQueries audit;
  private final SecurityEventQueries events;
  private final Relays relays;
  private final SyslogConfig config;
  private final SyslogMetrics metrics;
  private final Clock clock;
  private final String hostname;
  final Scope scope;
  final Link link;
  final String scopeType;
  Cursor cursor;
  Drop drop;

  /** Whether the round sent a full batch of entries or events, so that more may be waiting. */
  boolean full;

  DeliveryRound(Sources sources, Scope scope, Link link, Cursor cursor) {
    this.audit = sources.audit();
    this.events = sources.events();
    this.relays = sources.relays();
    this.config = sources.config();
    this.metrics = sources.metrics();
    this.clock = sources.clock();
    this.hostname = sources.hostname();
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
    int batch = link.batch(config.batchSize());
    List<AuditEntry> entries = audit.list(scope, AuditFilter.ALL, cursor.chainSequence(), batch);
    List<Positioned> news = events.after(org, cursor.eventPosition(), batch);
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
    long lastEvent = news.isEmpty() ? cursor.eventPosition() : news.get(news.size() - 1).position();
    int truncated;
    Span span = relays.span(link.settings, out.size());
    try {
      if (link.connection == null) {
        link.connection = relays.connect(link.settings, new Steps());
      }
      truncated = link.connection.send(out);
      link.connected = true;
      link.succeeded();
      span.end();
    } catch (IOException | PlatformException e) {
      RelayFailure f = RelayFailure.of(e);
      Spans.failed(span, e.getClass().getSimpleName());
      span.end();
      link.disconnect();
      link.failed(System.nanoTime(), config.pollInterval().toNanos());
      metrics.messages(scopeType, link.settings.transport(), "failed", out.size());
      cursor = with(cursor.chainSequence(), cursor.eventPosition(), f.text(), 0, 0);
      metrics.lag(scope.id(), lag(head, eventsBehind));
      return;
    }
    metrics.messages(scopeType, link.settings.transport(), "sent", out.size());
    full = entries.size() >= batch || news.size() >= batch;
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
