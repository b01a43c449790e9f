package dev.palisade.events;

import dev.palisade.audit.AuditFilter;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Validation of the query parameters shared by the Investigations listings. */
final class Filters {
  private Filters() {}

  /** An organization filter: all, install-scoped only, or one organization. */
  record OrgScope(boolean installOnly, UUID orgId) {
    static final OrgScope ALL = new OrgScope(false, null);

    static OrgScope of(UUID orgId) {
      return new OrgScope(false, orgId);
    }

    /** SQL condition on {@code column}, or null when everything matches. */
    String where(String column, java.util.List<Object> params) {
      if (installOnly) {
        return column + " is null";
      }
      if (orgId != null) {
        params.add(orgId);
        return column + " = ?";
      }
      return null;
    }
  }

  static OrgScope org(Organizations organizations, String value) {
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
    Optional<Organization> org = organizations.findBySlug(v);
    return OrgScope.of(
        org.orElseThrow(
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

  static UUID id(String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw PlatformException.invalidField("id", "must be an id (UUID)");
    }
  }

  static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
