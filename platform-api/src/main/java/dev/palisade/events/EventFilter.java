package dev.palisade.events;

import dev.palisade.errors.PlatformException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Filters over security events, validated: {@code type} is one documented type, {@code severity} is
 * a minimum ({@code high} matches high and critical), {@code from}/{@code to} bound the time
 * (inclusive, exclusive).
 */
record EventFilter(
    String type, Filters.OrgScope org, Severity minSeverity, Instant from, Instant to) {

  static EventFilter parse(
      String type, Filters.OrgScope org, String severity, String from, String to) {
    String t = Filters.blank(type);
    if (t != null && SecurityEventType.of(t).isEmpty()) {
      throw PlatformException.invalidField(
          "type", "must be one of " + String.join(", ", SecurityEventType.names()));
    }
    String s = Filters.blank(severity);
    Severity min = s == null ? null : Severity.parse("severity", s.toLowerCase(Locale.ROOT));
    Instant f = Filters.time("from", from);
    Instant u = Filters.time("to", to);
    Filters.range(f, u);
    return new EventFilter(t, org, min, f, u);
  }

  /** SQL conditions over {@code security_events e}, joined with AND. */
  String where(List<Object> params) {
    List<String> c = new ArrayList<>();
    if (type != null) {
      c.add("e.type = ?");
      params.add(type);
    }
    String o = org.where("e.org_id", params);
    if (o != null) {
      c.add(o);
    }
    if (minSeverity != null) {
      List<String> allowed = new ArrayList<>();
      for (Severity v : Severity.values()) {
        if (v.compareTo(minSeverity) >= 0) {
          allowed.add("'" + v.value() + "'");
        }
      }
      c.add("e.severity in (" + String.join(", ", allowed) + ")");
    }
    if (from != null) {
      c.add("e.occurred_at >= ?");
      params.add(Rows.param(from));
    }
    if (to != null) {
      c.add("e.occurred_at < ?");
      params.add(Rows.param(to));
    }
    return c.isEmpty() ? "true" : String.join(" and ", c);
  }
}
