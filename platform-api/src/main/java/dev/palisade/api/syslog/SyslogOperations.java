package dev.palisade.api.syslog;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditQueries;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.events.SecurityEventQueries;
import dev.palisade.net.OutboundGuard;
import dev.palisade.syslog.Facility;
import dev.palisade.syslog.SyslogDestinations;
import dev.palisade.syslog.SyslogForwarder;
import dev.palisade.syslog.SyslogSettings;
import dev.palisade.syslog.SyslogTest;
import dev.palisade.syslog.Transport;
import dev.palisade.tenancy.Scope;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Reading, changing (audited in the destination's own chain) and testing a syslog destination. */
@Singleton
final class SyslogOperations {
  private final SyslogDestinations destinations;
  private final SyslogForwarder forwarder;
  private final SyslogTest test;
  private final AuditLog audit;
  private final AuditQueries entries;
  private final SecurityEventQueries events;
  private final OutboundGuard guard;
  private final Clock clock;

  SyslogOperations(
      SyslogDestinations destinations,
      SyslogForwarder forwarder,
      SyslogTest test,
      AuditLog audit,
      AuditQueries entries,
      SecurityEventQueries events,
      OutboundGuard guard,
      Clock clock) {
    this.destinations = destinations;
    this.forwarder = forwarder;
    this.test = test;
    this.audit = audit;
    this.entries = entries;
    this.events = events;
    this.guard = guard;
    this.clock = clock;
  }

  /**
   * A destination as {@code PUT} takes it; {@code host}, {@code port} and {@code transport} are
   * required.
   */
  record DestinationChange(
      @Nullable String host,
      @Nullable Integer port,
      @Nullable String transport,
      @Nullable String facility,
      @Nullable String hostname,
      @Nullable String appName,
      @Nullable String caCertPem,
      @Nullable Boolean enabled) {}

  record State(
      boolean connected,
      long lagEntries,
      @Nullable String lastError,
      @Nullable Instant lastDeliveryAt) {}

  record Counters(long sent, long truncated, long dropped) {}

  record Settings(
      String host,
      int port,
      String transport,
      String facility,
      @Nullable String hostname,
      String appName,
      @Nullable String caCertPem,
      boolean enabled) {}

  record DestinationView(
      boolean configured,
      @Nullable Settings settings,
      @Nullable State state,
      @Nullable Counters counters) {}

  DestinationView view(Scope scope) {
    return destinations
        .settings(scope)
        .map(s -> view(scope, s))
        .orElse(new DestinationView(false, null, null, null));
  }

  private DestinationView view(Scope scope, SyslogSettings s) {
    SyslogDestinations.Cursor c =
        destinations.cursor(scope).orElse(new SyslogDestinations.Cursor(0, 0, null, null, 0, 0, 0));
    UUID org = scope.orgId().orElse(null);
    long lag =
        Math.max(0, entries.lastSequence(scope) - c.chainSequence())
            + events.countAfter(org, c.eventPosition());
    return new DestinationView(
        true,
        new Settings(
            s.host(),
            s.port(),
            s.transport().value(),
            s.facility().value(),
            s.hostname(),
            s.appName(),
            s.caCertPem(),
            s.enabled()),
        new State(forwarder.connected(scope), lag, c.lastError(), c.deliveredAt()),
        new Counters(c.sent(), c.truncated(), c.dropped()));
  }

  DestinationView change(Scope scope, DestinationChange r, String actor) {
    if (r.port() == null) {
      throw PlatformException.invalidField("port", "is required");
    }
    if (r.transport() == null) {
      throw PlatformException.invalidField("transport", "is required");
    }
    SyslogSettings s =
        new SyslogSettings(
            r.host(),
            r.port(),
            Transport.parse("transport", r.transport()),
            r.facility() == null ? Facility.LOCAL6 : Facility.parse("facility", r.facility()),
            r.hostname(),
            r.appName() == null ? SyslogSettings.DEFAULT_APP_NAME : r.appName(),
            r.caCertPem(),
            r.enabled() == null || r.enabled());
    guard.checkSetting("syslog", uri(s), "host");
    long chainStart = entries.lastSequence(scope);
    long eventStart = events.lastPosition();
    Map<String, Object> after = new LinkedHashMap<>();
    after.put("host", s.host());
    after.put("port", s.port());
    after.put("transport", s.transport().value());
    after.put("facility", s.facility().value());
    after.put("enabled", s.enabled());
    after.put("privateCa", s.caCertPem() != null);
    AuditEvent event =
        AuditEvent.by("user", actor)
            .subject("syslog_destination", scope.isInstall() ? "install" : scope.id())
            .publicMetadata(after)
            .action("syslog.destination_changed");
    audit.change(
        scope,
        h -> {
          SyslogDestinations.save(h, s, clock.instant(), chainStart, eventStart);
          return s;
        },
        x -> event);
    forwarder.changed(scope);
    return view(scope, s);
  }

  SyslogTest.Result test(Scope scope) {
    SyslogSettings s =
        destinations
            .settings(scope)
            .orElseThrow(
                () ->
                    new PlatformException(
                        ErrorCode.NOT_FOUND, "no syslog destination is configured"));
    return test.run(scope, s);
  }

  private static URI uri(SyslogSettings s) {
    try {
      return new URI("syslog", null, s.bareHost(), s.port(), null, null, null);
    } catch (URISyntaxException e) {
      throw PlatformException.invalidField("host", "must be a host name or an address");
    }
  }
}
