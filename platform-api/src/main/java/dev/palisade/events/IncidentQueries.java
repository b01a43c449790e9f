package dev.palisade.events;

import dev.palisade.errors.PlatformException;
import dev.palisade.paging.Page;
import dev.palisade.paging.TimeCursor;
import dev.palisade.tenancy.Databases;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads the {@code incidents} table, most recently opened first, keyset-paged on (opened_at, id).
 */
@Singleton
public final class IncidentQueries {
  private static final String COLUMNS =
      "id, kind, subject, org_id, severity, summary, opened_at, last_seen_at, resolved_at,"
          + " occurrences";

  private final Jdbi install;
  private final Table<IncidentView> table;
  private final OrgRefs orgs;

  IncidentQueries(Databases databases, OrgRefs orgs) {
    this.install = databases.install();
    this.table = new Table<>(install, "incidents", COLUMNS, (rs, ctx) -> map(rs));
    this.orgs = orgs;
  }

  public Page<IncidentView> list(String state, String kind, Integer limit, String cursor) {
    int n = Page.limit(limit);
    String s = Filters.blank(state);
    if (s != null && !s.equals(IncidentView.ACTIVE) && !s.equals(IncidentView.RESOLVED)) {
      throw PlatformException.invalidField("state", "must be active or resolved");
    }
    boolean active = s == null || s.equals(IncidentView.ACTIVE);
    String k = Filters.text("kind", kind);
    TimeCursor after = TimeCursor.decode(cursor);
    List<IncidentView> rows =
        install.withHandle(
            h ->
                TimeCursor.bind(
                        h.createQuery(
                            table.select()
                                + " where (resolved_at is null) = :active"
                                + " and (:kind::text is null or kind = :kind)"
                                + " and "
                                + TimeCursor.condition("opened_at")
                                + " order by opened_at desc, id desc limit :limit"),
                        after)
                    .bind("active", active)
                    .bind("kind", k)
                    .bind("limit", n + 1)
                    .map((rs, ctx) -> map(rs))
                    .list());
    return Page.of(resolve(rows), n, v -> TimeCursor.key(v.openedAt(), v.id().toString()));
  }

  public IncidentView get(UUID id) {
    return Filters.found(resolve(table.byId(id)), "incident");
  }

  List<IncidentView> active(int limit) {
    return resolve(
        install.withHandle(
            h ->
                h.createQuery(
                        table.select()
                            + " where resolved_at is null"
                            + " order by opened_at desc, id desc limit :limit")
                    .bind("limit", limit)
                    .map((rs, ctx) -> map(rs))
                    .list()));
  }

  /** Active incidents per kind. */
  Map<String, Long> activeByKind() {
    Map<String, Long> out = new LinkedHashMap<>();
    install.useHandle(
        h ->
            h.createQuery(
                    "select kind, count(*) from incidents where resolved_at is null group by kind")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  private List<IncidentView> resolve(List<IncidentView> rows) {
    return orgs.resolve(rows, IncidentView::orgId, IncidentView::withOrg);
  }

  private static IncidentView map(ResultSet rs) throws SQLException {
    String resolvedAt = Filters.time(rs, "resolved_at");
    return new IncidentView(
        rs.getObject("id", UUID.class),
        rs.getString("kind"),
        rs.getString("subject"),
        null,
        Severity.parse("severity", rs.getString("severity")),
        rs.getString("summary"),
        Filters.time(rs, "opened_at"),
        Filters.time(rs, "last_seen_at"),
        resolvedAt,
        rs.getInt("occurrences"),
        resolvedAt == null ? IncidentView.ACTIVE : IncidentView.RESOLVED,
        rs.getObject("org_id", UUID.class));
  }
}
