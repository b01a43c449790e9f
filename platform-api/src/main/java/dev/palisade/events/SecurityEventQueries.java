package dev.palisade.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.paging.Page;
import dev.palisade.paging.TimeCursor;
import dev.palisade.tenancy.InstallDatabase;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads security events, newest first, with keyset paging on (occurred_at, id). */
@Singleton
public final class SecurityEventQueries {
  private final InstallDatabase install;
  private final ObjectMapper json;

  SecurityEventQueries(InstallDatabase install, ObjectMapper json) {
    this.install = install;
    this.json = json;
  }

  Page<SecurityEventView> list(EventFilter filter, Integer limit, String cursor) {
    int n = Page.limit(limit);
    TimeCursor after = TimeCursor.decode(cursor);
    List<Object> params = new ArrayList<>();
    String where = filter.where(params);
    if (after != null) {
      where += " and (e.occurred_at, e.id) < (?, ?)";
      params.add(Rows.param(after.time()));
      params.add(after.id());
    }
    params.add(n + 1);
    List<SecurityEventView> rows =
        Rows.query(
            install,
            SecurityEventView.SELECT
                + " where "
                + where
                + " order by e.occurred_at desc, e.id desc limit ?",
            params,
            rs -> SecurityEventView.map(rs, json));
    return Page.of(rows, n, v -> TimeCursor.key(v.occurredAt(), v.id().toString()));
  }

  SecurityEventView get(UUID id) {
    List<SecurityEventView> rows =
        Rows.query(
            install,
            SecurityEventView.SELECT + " where e.id = ?",
            List.of(id),
            rs -> SecurityEventView.map(rs, json));
    if (rows.isEmpty()) {
      throw new PlatformException(ErrorCode.NOT_FOUND, "security event not found");
    }
    return rows.get(0);
  }

  /** The newest {@code limit} events linked to an incident. */
  List<SecurityEventView> forIncident(UUID incidentId, int limit) {
    return Rows.query(
        install,
        SecurityEventView.SELECT
            + " where e.incident_id = ? order by e.occurred_at desc, e.id desc limit ?",
        List.of(incidentId, limit),
        rs -> SecurityEventView.map(rs, json));
  }
}
