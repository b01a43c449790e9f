package dev.palisade.events;

import dev.palisade.audit.AuditFilter;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Organizations;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Validation of the query parameters shared by the Investigations listings. */
public final class Filters {
  private Filters() {}

  /**
   * An organization filter: all ({@code orgId} null, {@code installOnly} false), install-scoped
   * only, or one organization. Bound by name as {@code :installOnly} and {@code :orgId}.
   */
  public record OrgScope(boolean installOnly, UUID orgId) {
    public static final OrgScope ALL = new OrgScope(false, null);

    public static OrgScope of(UUID orgId) {
      return new OrgScope(false, orgId);
    }
  }

  /** The condition of an {@link OrgScope} on {@code column}. */
  static String orgCondition(String column) {
    return "(not :installOnly or "
        + column
        + " is null) and (:orgId::uuid is null or "
        + column
        + " = :orgId)";
  }

  /** An organization filter from a slug, {@code install}, or nothing. */
  public static OrgScope org(Organizations organizations, String value) {
    String v = blank(value);
    if (v == null) {
      return OrgScope.ALL;
    }
    if (v.equals(OrgRef.INSTALL)) {
      return new OrgScope(true, null);
    }
    if (v.length() > 100) {
      throw PlatformException.invalidField("org", "must be an organization slug or install");
    }
    return OrgScope.of(
        organizations
            .findBySlug(v)
            .orElseThrow(
                () ->
                    PlatformException.invalidField(
                        "org", "no organization has this slug (use a slug or install)"))
            .id());
  }

  static Instant time(String field, String value) {
    return AuditFilter.time(field, blank(value));
  }

  static void range(Instant from, Instant to) {
    if (from != null && to != null && !from.isBefore(to)) {
      throw PlatformException.invalidField("to", "must be later than from");
    }
  }

  static String text(String field, String value) {
    String v = blank(value);
    if (v != null && v.length() > 200) {
      throw PlatformException.invalidField(field, "must be at most 200 characters");
    }
    return v;
  }

  public static UUID id(String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw PlatformException.invalidField("id", "must be an id (UUID)");
    }
  }

  /** The one row of a lookup by id, or a 404 naming {@code what}. */
  static <T> T found(java.util.List<T> rows, String what) {
    if (rows.isEmpty()) {
      throw new PlatformException(dev.palisade.errors.ErrorCode.NOT_FOUND, what + " not found");
    }
    return rows.get(0);
  }

  static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** A {@code timestamptz} column as RFC 3339 text, or null. */
  static String time(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant().toString();
  }
}
