package dev.palisade.events;

import java.sql.ResultSet;
import java.sql.SQLException;
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
    String state) {
  public static final String ACTIVE = "active";
  public static final String RESOLVED = "resolved";

  static final String SELECT =
      "select i.id, i.kind, i.subject, i.org_id, o.slug, i.severity, i.summary, i.opened_at,"
          + " i.last_seen_at, i.resolved_at, i.occurrences"
          + " from incidents i left join organizations o on o.id = i.org_id";

  static IncidentView map(ResultSet rs) throws SQLException {
    String resolvedAt = Rows.time(rs.getTimestamp("resolved_at"));
    return new IncidentView(
        rs.getObject("id", UUID.class),
        rs.getString("kind"),
        rs.getString("subject"),
        Rows.org(rs, "org_id", "slug"),
        Severity.parse("severity", rs.getString("severity")),
        rs.getString("summary"),
        Rows.time(rs.getTimestamp("opened_at")),
        Rows.time(rs.getTimestamp("last_seen_at")),
        resolvedAt,
        rs.getInt("occurrences"),
        resolvedAt == null ? ACTIVE : RESOLVED);
  }
}
