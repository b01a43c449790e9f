package dev.palisade.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.paging.Page;
import dev.palisade.paging.TimeCursor;
import dev.palisade.tenancy.Databases;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads the {@code security_events} table, newest first, with keyset paging on (occurred_at, id).
 */
@Singleton
public final class SecurityEventQueries {
  static final String COLUMNS =
      "id, occurred_at, type, org_id, severity, reason, job_run_id, evidence_id, incident_id,"
          + " context";

  private final Jdbi install;
  private final Table<SecurityEventView> table;
  private final OrgRefs orgs;
  private final ObjectMapper json;

  SecurityEventQueries(Databases databases, OrgRefs orgs, ObjectMapper json) {
    this.install = databases.install();
    this.table = new Table<>(install, "security_events", COLUMNS, (rs, ctx) -> map(rs));
    this.orgs = orgs;
    this.json = json;
  }

  public Page<SecurityEventView> list(EventFilter filter, Integer limit, String cursor) {
    int n = Page.limit(limit);
    TimeCursor after = TimeCursor.decode(cursor);
    List<SecurityEventView> rows =
        install.withHandle(
            h ->
                TimeCursor.bind(
                        h.createQuery(
                            table.select()
                                + " where (:type::text is null or type = :type)"
                                + " and "
                                + Filters.orgCondition("org_id")
                                + " and severity = any(:severities)"
                                + " and (:from::timestamptz is null or occurred_at >= :from)"
                                + " and (:to::timestamptz is null or occurred_at < :to)"
                                + " and "
                                + TimeCursor.condition("occurred_at")
                                + " order by occurred_at desc, id desc limit :limit"),
                        after)
                    .bindMethods(filter)
                    .bind("limit", n + 1)
                    .map((rs, ctx) -> map(rs))
                    .list());
    return Page.of(resolve(rows), n, v -> TimeCursor.key(v.occurredAt(), v.id().toString()));
  }

  public SecurityEventView get(UUID id) {
    return Filters.found(resolve(table.byId(id)), "security event");
  }

  /** The newest {@code limit} events linked to an incident. */
  public List<SecurityEventView> forIncident(UUID incidentId, int limit) {
    return resolve(
        install.withHandle(
            h ->
                h.createQuery(
                        table.select()
                            + " where incident_id = :incident"
                            + " order by occurred_at desc, id desc limit :limit")
                    .bind("incident", incidentId)
                    .bind("limit", limit)
                    .map((rs, ctx) -> map(rs))
                    .list()));
  }

  /** An event with its position: the order in which security events were stored. */
  public record Positioned(long position, SecurityEventView event) {}

  /**
   * Up to {@code limit} events of one scope ({@code orgId}, or null for the install's own events)
   * stored after {@code position}, in the order they were stored.
   */
  public List<Positioned> after(UUID orgId, long position, int limit) {
    return install.withHandle(
        h ->
            h.createQuery(
                    "select "
                        + COLUMNS
                        + ", position from security_events where position > :after and "
                        + SCOPE
                        + " order by position limit :limit")
                .bind("after", position)
                .bind("org", orgId)
                .bind("limit", limit)
                .map((rs, ctx) -> new Positioned(rs.getLong("position"), map(rs)))
                .list());
  }

  /** How many events of one scope were stored after {@code position}. */
  public long countAfter(UUID orgId, long position) {
    return install.withHandle(
        h ->
            h.createQuery(
                    "select count(*) from security_events where position > :after and " + SCOPE)
                .bind("after", position)
                .bind("org", orgId)
                .mapTo(Long.class)
                .one());
  }

  /** The position of the newest event of any scope, 0 when there is none. */
  public long lastPosition() {
    return install.withHandle(
        h ->
            h.createQuery("select coalesce(max(position), 0) from security_events")
                .mapTo(Long.class)
                .one());
  }

  /** The position of the {@code n}-th event of one scope stored after {@code position} (n >= 1). */
  public long nthAfter(UUID orgId, long position, long n) {
    return install.withHandle(
        h ->
            h.createQuery(
                    "select position from security_events where position > :after and "
                        + SCOPE
                        + " order by position offset :skip limit 1")
                .bind("after", position)
                .bind("org", orgId)
                .bind("skip", n - 1)
                .mapTo(Long.class)
                .one());
  }

  private static final String SCOPE = "(org_id = :org or (:org::uuid is null and org_id is null))";

  private List<SecurityEventView> resolve(List<SecurityEventView> rows) {
    return orgs.resolve(rows, SecurityEventView::orgId, SecurityEventView::withOrg);
  }

  private SecurityEventView map(ResultSet rs) throws SQLException {
    UUID orgId = rs.getObject("org_id", UUID.class);
    return new SecurityEventView(
        rs.getObject("id", UUID.class),
        Filters.time(rs, "occurred_at"),
        rs.getString("type"),
        null,
        Severity.parse("severity", rs.getString("severity")),
        rs.getString("reason"),
        rs.getObject("job_run_id", UUID.class),
        rs.getObject("evidence_id", UUID.class),
        rs.getObject("incident_id", UUID.class),
        context(rs.getString("context")),
        orgId);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> context(String text) {
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
