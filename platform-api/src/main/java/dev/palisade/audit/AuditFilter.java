package dev.palisade.audit;

import dev.palisade.errors.PlatformException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

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
}
