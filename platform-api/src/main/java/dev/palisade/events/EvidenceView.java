package dev.palisade.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    @JsonIgnore byte[] signature) {

  static final String SELECT =
      "select v.id, v.issued_at, v.operation, v.actor, v.org_id, o.slug, v.subject, v.outcome,"
          + " v.key_id, v.receipt, v.signature"
          + " from operation_evidence v left join organizations o on o.id = v.org_id";

  static EvidenceView map(ResultSet rs) throws SQLException {
    return new EvidenceView(
        rs.getObject("id", UUID.class),
        Rows.time(rs.getTimestamp("issued_at")),
        rs.getString("operation"),
        rs.getString("actor"),
        Rows.org(rs, "org_id", "slug"),
        rs.getString("subject"),
        rs.getString("outcome"),
        rs.getString("key_id"),
        rs.getString("receipt"),
        rs.getBytes("signature"));
  }
}
