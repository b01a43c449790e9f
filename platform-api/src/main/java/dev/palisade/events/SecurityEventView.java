package dev.palisade.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    Map<String, Object> context) {

  static final String SELECT =
      "select e.id, e.occurred_at, e.type, e.org_id, o.slug, e.severity, e.reason,"
          + " e.job_run_id, e.evidence_id, e.incident_id, e.context"
          + " from security_events e left join organizations o on o.id = e.org_id";

  static SecurityEventView map(ResultSet rs, ObjectMapper json) throws SQLException {
    return new SecurityEventView(
        rs.getObject("id", UUID.class),
        Rows.time(rs.getTimestamp("occurred_at")),
        rs.getString("type"),
        Rows.org(rs, "org_id", "slug"),
        Severity.parse("severity", rs.getString("severity")),
        rs.getString("reason"),
        rs.getObject("job_run_id", UUID.class),
        rs.getObject("evidence_id", UUID.class),
        rs.getObject("incident_id", UUID.class),
        context(json, rs.getString("context")));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> context(ObjectMapper json, String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readValue(text, Map.class);
    } catch (IOException e) {
      return Map.of("unreadable", true);
    }
  }
}
