package dev.palisade.events;

import dev.palisade.errors.PlatformException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * Filters over security events, validated: {@code type} is one documented type, {@code severity} is
 * a minimum ({@code high} matches high and critical), {@code from}/{@code to} bound the time
 * (inclusive, exclusive). Bound into {@link SecurityEventQueries} by name.
 */
public record EventFilter(
    String type, Filters.OrgScope org, Severity minSeverity, Instant from, Instant to) {

  public static EventFilter parse(
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

  /** The severities at or above the minimum (all when there is none). */
  public String[] severities() {
    return Arrays.stream(Severity.values())
        .filter(v -> minSeverity == null || v.compareTo(minSeverity) >= 0)
        .map(Severity::value)
        .toArray(String[]::new);
  }

  public boolean installOnly() {
    return org.installOnly();
  }

  public java.util.UUID orgId() {
    return org.orgId();
  }
}
