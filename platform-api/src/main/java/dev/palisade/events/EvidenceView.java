package dev.palisade.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.UUID;

/**
 * A stored receipt as listings show it; {@code document} and {@code signature} are only shown by
 * the single-receipt view and the download. {@code org} is {@code "install"} or an {@link OrgRef}.
 */
public record EvidenceView(
    UUID id,
    String issuedAt,
    String operation,
    String actor,
    Object org,
    String subject,
    String outcome,
    String keyId,
    @JsonIgnore String document,
    @JsonIgnore byte[] signature,
    @JsonIgnore UUID orgId) {

  EvidenceView withOrg(Object org) {
    return new EvidenceView(
        id, issuedAt, operation, actor, org, subject, outcome, keyId, document, signature, orgId);
  }
}
