package dev.palisade.events;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.paging.Page;
import dev.palisade.paging.TimeCursor;
import dev.palisade.tenancy.InstallDatabase;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads incidents, most recently opened first, with keyset paging on (opened_at, id). */
@Singleton
final class IncidentQueries {
  private final InstallDatabase install;

  IncidentQueries(InstallDatabase install) {
    this.install = install;
  }

  Page<IncidentView> list(String state, String kind, Integer limit, String cursor) {
    int n = Page.limit(limit);
    String s = Filters.blank(state);
    if (s != null && !s.equals(IncidentView.ACTIVE) && !s.equals(IncidentView.RESOLVED)) {
      throw PlatformException.invalidField("state", "must be active or resolved");
    }
    boolean active = s == null || s.equals(IncidentView.ACTIVE);
    String k = Filters.text("kind", kind);
    TimeCursor after = TimeCursor.decode(cursor);
    List<Object> params = new ArrayList<>();
    String where = active ? "i.resolved_at is null" : "i.resolved_at is not null";
    if (k != null) {
      where += " and i.kind = ?";
      params.add(k);
    }
    if (after != null) {
      where += " and (i.opened_at, i.id) < (?, ?)";
      params.add(Rows.param(after.time()));
      params.add(after.id());
    }
    params.add(n + 1);
    List<IncidentView> rows =
        Rows.query(
            install,
            IncidentView.SELECT
                + " where "
                + where
                + " order by i.opened_at desc, i.id desc limit ?",
            params,
            IncidentView::map);
    return Page.of(rows, n, v -> TimeCursor.key(v.openedAt(), v.id().toString()));
  }

  IncidentView get(UUID id) {
    List<IncidentView> rows =
        Rows.query(
            install, IncidentView.SELECT + " where i.id = ?", List.of(id), IncidentView::map);
    if (rows.isEmpty()) {
      throw new PlatformException(ErrorCode.NOT_FOUND, "incident not found");
    }
    return rows.get(0);
  }

  List<IncidentView> active(int limit) {
    return Rows.query(
        install,
        IncidentView.SELECT
            + " where i.resolved_at is null order by i.opened_at desc, i.id desc limit ?",
        List.of(limit),
        IncidentView::map);
  }

  /** Active incidents per kind. */
  Map<String, Long> activeByKind() {
    Map<String, Long> out = new LinkedHashMap<>();
    Rows.query(
            install,
            "select kind, count(*) from incidents where resolved_at is null group by kind",
            List.of(),
            rs -> Map.entry(rs.getString(1), rs.getLong(2)))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
