package dev.palisade.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.UUID;

/**
 * An incident as the API and the Operations page show it. {@code state} is {@code active} or {@code
 * resolved}; {@code org} is {@code "install"} or an {@link OrgRef}.
 */
public record IncidentView(
    UUID id,
    String kind,
    String subject,
    Object org,
    Severity severity,
    String summary,
    String openedAt,
    String lastSeenAt,
    String resolvedAt,
    int occurrences,
    String state,
    @JsonIgnore UUID orgId) {
  public static final String ACTIVE = "active";
  public static final String RESOLVED = "resolved";

  IncidentView withOrg(Object org) {
    return new IncidentView(
        id,
        kind,
        subject,
        org,
        severity,
        summary,
        openedAt,
        lastSeenAt,
        resolvedAt,
        occurrences,
        state,
        orgId);
  }
}
