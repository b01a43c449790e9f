package dev.palisade.events;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import io.micronaut.context.annotation.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Retention of security events per type: a row in {@code security_event_retention} set by an
 * install admin, else {@link EventsConfig#retentionDefault()}. Changes are recorded in the install
 * audit chain in the same transaction. Created at start-up, so that a retention default out of
 * range stops the server with a message naming the setting.
 */
@Context
public final class RetentionPolicies {
  public static final int MIN_DAYS = 1;
  public static final int MAX_DAYS = 36_500;

  private final Jdbi install;
  private final AuditLog audit;
  private final EventsConfig config;
  private final Clock clock;

  RetentionPolicies(Databases databases, AuditLog audit, EventsConfig config, Clock clock) {
    this.install = databases.install();
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  /** The retention of one type: days, and whether it is the configured default. */
  public record Retention(
      String type, int days, boolean isDefault, String updatedAt, String updatedBy) {}

  /** Every documented type and its effective retention, plus the default. */
  public record Retentions(int defaultDays, List<Retention> types) {}

  public Retentions effective() {
    Map<String, Retention> set = new LinkedHashMap<>();
    install.useHandle(
        h ->
            h.createQuery(
                    "select type, retention_days, updated_at, updated_by"
                        + " from security_event_retention")
                .map(
                    (rs, ctx) ->
                        new Retention(
                            rs.getString(1),
                            rs.getInt(2),
                            false,
                            Filters.time(rs, "updated_at"),
                            rs.getString(4)))
                .forEach(r -> set.put(r.type(), r)));
    List<Retention> out = new ArrayList<>();
    for (String type : SecurityEventType.names()) {
      out.add(
          set.getOrDefault(
              type, new Retention(type, config.retentionDefaultDays(), true, null, null)));
    }
    return new Retentions(config.retentionDefaultDays(), out);
  }

  /** Validates every (type, days) pair before anything is written; then writes them all. */
  public Retentions change(Map<String, Integer> days, String field, String actor) {
    if (days.isEmpty()) {
      throw PlatformException.invalidField(field, "names no type");
    }
    for (Map.Entry<String, Integer> e : days.entrySet()) {
      String f = field.equals("type") ? "type" : field + "." + e.getKey();
      if (SecurityEventType.of(e.getKey()).isEmpty()) {
        throw PlatformException.invalidField(
            f, "must be one of " + String.join(", ", SecurityEventType.names()));
      }
      Integer d = e.getValue();
      if (d == null || d < MIN_DAYS || d > MAX_DAYS) {
        throw PlatformException.invalidField(
            field.equals("type") ? "days" : f, "must be between 1 and 36500 days");
      }
    }
    Map<String, Integer> before = new LinkedHashMap<>();
    effective().types().forEach(r -> before.put(r.type(), r.days()));
    Map<String, Object> changes = new LinkedHashMap<>();
    days.forEach((t, d) -> changes.put(t, Map.of("from", before.get(t), "to", d)));
    audit.change(
        Scope.install(),
        h -> {
          PreparedBatch batch =
              h.prepareBatch(
                  "insert into security_event_retention (type, retention_days, updated_at,"
                      + " updated_by) values (:type, :days, :at, :by) on conflict (type) do"
                      + " update set retention_days = excluded.retention_days,"
                      + " updated_at = excluded.updated_at, updated_by = excluded.updated_by");
          for (Map.Entry<String, Integer> e : days.entrySet()) {
            batch
                .bind("type", e.getKey())
                .bind("days", e.getValue())
                .bind("at", clock.instant())
                .bind("by", actor)
                .add();
          }
          batch.execute();
          return days.size();
        },
        n ->
            AuditEvent.by("user", actor)
                .subject("security-event-retention", Scope.INSTALL_ID)
                .publicMetadata(Map.of("changes", changes))
                .action("events.retention_changed"));
    return effective();
  }

  /** Effective days per documented type. */
  Map<String, Integer> daysByType() {
    Map<String, Integer> out = new LinkedHashMap<>();
    effective().types().forEach(r -> out.put(r.type(), r.days()));
    return out;
  }

  int defaultDays() {
    return config.retentionDefaultDays();
  }
}
