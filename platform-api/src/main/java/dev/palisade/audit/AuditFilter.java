package dev.palisade.audit;

import dev.palisade.errors.PlatformException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Filters over one chain's entries, validated: {@code action} is a prefix ({@code member} or {@code
 * member.} matches {@code member.invited}), {@code q} is free text over subject and reason, {@code
 * from}/{@code to} bound the time (inclusive, exclusive). Each text is at most {@value #MAX}
 * characters. Bound into {@link AuditQueries#WHERE} by name.
 */
public record AuditFilter(
    String actor,
    String action,
    String subjectType,
    String subjectId,
    Instant from,
    Instant to,
    String q,
    boolean newestFirst) {
  static final int MAX = 200;

  /** Everything, oldest first. */
  public static final AuditFilter ALL =
      new AuditFilter(null, null, null, null, null, null, null, false);

  public static AuditFilter parse(
      String actor,
      String action,
      String subjectType,
      String subjectId,
      String from,
      String to,
      String q,
      String sort) {
    if (sort != null && !sort.equals("newest") && !sort.equals("oldest")) {
      throw PlatformException.invalidField("sort", "must be newest or oldest");
    }
    return new AuditFilter(
        text("actor", actor),
        text("action", action),
        text("subjectType", subjectType),
        text("subjectId", subjectId),
        time("from", from),
        time("to", to),
        text("q", q),
        sort == null || sort.equals("newest"));
  }

  /** The filters a request body may set, by name. */
  public static final List<String> NAMES =
      List.of("actor", "action", "subjectType", "subjectId", "from", "to", "q");

  /**
   * The filters of a request body's {@code filters} object, oldest first: only {@link #NAMES}, each
   * a string; a problem names the field as {@code filters.<name>} (unknown: 400, bad value: 422).
   */
  public static AuditFilter fromBody(Map<String, Object> filters) {
    Map<String, String> v = new HashMap<>();
    if (filters != null) {
      for (Map.Entry<String, Object> e : filters.entrySet()) {
        String field = "filters." + e.getKey();
        if (!NAMES.contains(e.getKey())) {
          throw PlatformException.unknownField(AuditText.optional("filters", field, MAX));
        }
        if (e.getValue() != null && !(e.getValue() instanceof String)) {
          throw PlatformException.invalidField(field, "must be a string");
        }
        v.put(e.getKey(), (String) e.getValue());
      }
    }
    return new AuditFilter(
        text("filters.actor", v.get("actor")),
        text("filters.action", v.get("action")),
        text("filters.subjectType", v.get("subjectType")),
        text("filters.subjectId", v.get("subjectId")),
        time("filters.from", v.get("from")),
        time("filters.to", v.get("to")),
        text("filters.q", v.get("q")),
        false);
  }

  private static String text(String field, String value) {
    return AuditText.optional(field, value, MAX);
  }

  /** An RFC 3339 time query parameter, or null when absent; 422 naming {@code field} if bad. */
  public static Instant time(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw PlatformException.invalidField(
          field, "must be an RFC 3339 time such as 2026-01-31T00:00:00Z");
    }
  }

  /** {@code action} as a LIKE pattern that matches it as a prefix, or null. */
  public String actionPrefix() {
    return action == null
        ? null
        : action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  /** The same filter in the other order. */
  public AuditFilter sorted(boolean newest) {
    return new AuditFilter(actor, action, subjectType, subjectId, from, to, q, newest);
  }

  /** The filters that are set, by their parameter names (times in RFC 3339), in a fixed order. */
  public Map<String, Object> describe() {
    AuditFilter f = this;
    Map<String, Object> m = new LinkedHashMap<>();
    if (f.actor() != null) {
      m.put("actor", f.actor());
    }
    if (f.action() != null) {
      m.put("action", f.action());
    }
    if (f.subjectType() != null) {
      m.put("subjectType", f.subjectType());
    }
    if (f.subjectId() != null) {
      m.put("subjectId", f.subjectId());
    }
    if (f.from() != null) {
      m.put("from", f.from().toString());
    }
    if (f.to() != null) {
      m.put("to", f.to().toString());
    }
    if (f.q() != null) {
      m.put("q", f.q());
    }
    return m;
  }
}
