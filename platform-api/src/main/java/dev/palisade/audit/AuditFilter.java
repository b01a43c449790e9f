package dev.palisade.audit;

import dev.palisade.errors.PlatformException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Filters over one chain's entries, validated: {@code action} is a prefix ({@code member} or {@code
 * member.} matches {@code member.invited}), {@code q} is free text over subject and reason, {@code
 * from}/{@code to} bound the time (inclusive, exclusive).
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
    for (String[] f :
        new String[][] {
          {"actor", actor},
          {"action", action},
          {"subjectType", subjectType},
          {"subjectId", subjectId},
          {"q", q}
        }) {
      if (f[1] != null && f[1].length() > 200) {
        throw PlatformException.invalidField(f[0], "must be at most 200 characters");
      }
    }
    return new AuditFilter(
        blank(actor),
        blank(action),
        blank(subjectType),
        blank(subjectId),
        time("from", from),
        time("to", to),
        blank(q),
        sort == null || sort.equals("newest"));
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** An RFC 3339 time query parameter, or null when absent; 422 naming {@code field} if bad. */
  public static Instant time(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw PlatformException.invalidField(
          field, "must be an RFC 3339 time such as 2026-01-31T00:00:00Z");
    }
  }

  /** SQL conditions (joined with AND) and their parameters, appended to {@code params}. */
  String where(List<Object> params) {
    List<String> c = new ArrayList<>();
    if (actor != null) {
      c.add("actor_id = ?");
      params.add(actor);
    }
    if (action != null) {
      c.add("action like ?");
      params.add(action.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    }
    if (subjectType != null) {
      c.add("subject_type = ?");
      params.add(subjectType);
    }
    if (subjectId != null) {
      c.add("subject_id = ?");
      params.add(subjectId);
    }
    if (from != null) {
      c.add("occurred_at >= ?");
      params.add(java.time.OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC));
    }
    if (to != null) {
      c.add("occurred_at < ?");
      params.add(java.time.OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC));
    }
    if (q != null) {
      c.add(
          "to_tsvector('simple', coalesce(subject_id, '') || ' ' || coalesce(reason, ''))"
              + " @@ plainto_tsquery('simple', ?)");
      params.add(q);
    }
    return c.isEmpty() ? "true" : String.join(" and ", c);
  }
}
