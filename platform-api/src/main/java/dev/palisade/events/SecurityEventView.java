package dev.palisade.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;
import java.util.UUID;

/**
 * A stored security event as the API shows it. {@code org} is {@code "install"} or an {@link
 * OrgRef}; {@code context} is the sanitized context object, or null.
 */
public record SecurityEventView(
    UUID id,
    String occurredAt,
    String type,
    Object org,
    Severity severity,
    String reason,
    UUID jobRunId,
    UUID evidenceId,
    UUID incidentId,
    Map<String, Object> context,
    @JsonIgnore UUID orgId) {

  SecurityEventView withOrg(Object org) {
    return new SecurityEventView(
        id,
        occurredAt,
        type,
        org,
        severity,
        reason,
        jobRunId,
        evidenceId,
        incidentId,
        context,
        orgId);
  }
}
