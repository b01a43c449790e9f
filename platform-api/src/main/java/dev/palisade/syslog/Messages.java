package dev.palisade.syslog;

import dev.palisade.audit.AuditEntry;
import dev.palisade.events.SecurityEventView;
import dev.palisade.events.Severity;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the messages of one destination from audit entries (MSGID {@code audit}, severity info)
 * and security events (MSGID {@code security-event}, severity from the event's: critical 2, high 3,
 * warning 4, info 6). Structured data: {@code event_id}, {@code event_type}, {@code org_id}, {@code
 * actor}, {@code subject}, {@code sequence}, {@code chain_hash}, and {@code severity} for security
 * events; the MSG is the entry's reason (or its action) or the event's reason.
 */
final class Messages {
  static final int INFO = 6;

  private final SyslogSettings settings;
  private final String sdId;
  private final String defaultHostname;
  private final String procId;
  private final UUID orgId;

  Messages(SyslogSettings settings, String sdId, String defaultHostname, UUID orgId) {
    this.settings = settings;
    this.sdId = sdId;
    this.defaultHostname = defaultHostname;
    this.procId = Long.toString(ProcessHandle.current().pid());
    this.orgId = orgId;
  }

  byte[] entry(AuditEntry e) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("event_id", e.id().toString());
    p.put("event_type", e.action());
    p.put("org_id", orgId == null ? null : orgId.toString());
    p.put("actor", e.actorType() + ":" + e.actorId());
    p.put("subject", e.subjectType() == null ? null : e.subjectType() + ":" + e.subjectId());
    p.put("sequence", Long.toString(e.sequence()));
    p.put("chain_hash", HexFormat.of().formatHex(e.chainHash()));
    return format(INFO, e.occurredAt(), "audit", p, e.reason() != null ? e.reason() : e.action());
  }

  byte[] event(SecurityEventView e) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("event_id", e.id().toString());
    p.put("event_type", e.type());
    p.put("org_id", e.orgId() == null ? null : e.orgId().toString());
    p.put("actor", "system");
    p.put("severity", e.severity().value());
    return format(
        severity(e.severity()), Instant.parse(e.occurredAt()), "security-event", p, e.reason());
  }

  byte[] test(Instant at, String nonce) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("event_id", UUID.randomUUID().toString());
    p.put("event_type", "syslog.test");
    p.put("org_id", orgId == null ? null : orgId.toString());
    p.put("nonce", nonce);
    return format(INFO, at, "test", p, "Palisade syslog test " + nonce);
  }

  private byte[] format(int severity, Instant at, String msgId, Map<String, String> p, String msg) {
    return Rfc5424.format(
        new SyslogMessage(
            settings.facility(),
            severity,
            at,
            settings.hostname() != null ? settings.hostname() : defaultHostname,
            settings.appName(),
            procId,
            msgId,
            sdId,
            p,
            msg));
  }

  static int severity(Severity s) {
    return switch (s) {
      case CRITICAL -> 2;
      case HIGH -> 3;
      case WARNING -> 4;
      case INFO -> INFO;
    };
  }
}
