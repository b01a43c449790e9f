package dev.palisade.syslog;

import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The {@code syslog_destination} and {@code syslog_cursor} tables, in the install database (the
 * install's destination) and in every tenant database (the organization's): the one place their
 * columns are named.
 */
@Singleton
public final class SyslogDestinations {
  private static final String SETTINGS =
      "host, port, transport, facility, hostname, app_name, ca_cert_pem, enabled";
  private static final String CURSOR =
      "chain_sequence, event_position, delivered_at, last_error, sent, truncated, dropped";

  private final Databases databases;

  SyslogDestinations(Databases databases) {
    this.databases = databases;
  }

  /** Where a destination's delivery stands and what it has done. */
  public record Cursor(
      long chainSequence,
      long eventPosition,
      Instant deliveredAt,
      String lastError,
      long sent,
      long truncated,
      long dropped) {}

  public Optional<SyslogSettings> settings(Scope scope) {
    return databases.read(scope, SyslogDestinations::settings);
  }

  public static Optional<SyslogSettings> settings(Handle h) {
    return h.createQuery("select " + SETTINGS + " from syslog_destination where id = 1")
        .map((rs, ctx) -> mapSettings(rs))
        .findOne();
  }

  public Optional<Cursor> cursor(Scope scope) {
    return databases.read(
        scope,
        h ->
            h.createQuery("select " + CURSOR + " from syslog_cursor where id = 1")
                .map((rs, ctx) -> mapCursor(rs))
                .findOne());
  }

  /**
   * Stores the settings in the caller's transaction; a new destination's cursor starts at the given
   * chain sequence and event position (nothing older is sent).
   */
  public static void save(
      Handle h, SyslogSettings s, Instant now, long chainSequence, long eventPosition) {
    h.createUpdate(
            "insert into syslog_destination (id, "
                + SETTINGS
                + ", changed_at) values (1, :host, :port, :transport, :facility, :hostname,"
                + " :appName, :caCertPem, :enabled, :now) on conflict (id) do update set host ="
                + " excluded.host, port = excluded.port, transport = excluded.transport, facility"
                + " = excluded.facility, hostname = excluded.hostname, app_name ="
                + " excluded.app_name, ca_cert_pem = excluded.ca_cert_pem, enabled ="
                + " excluded.enabled, changed_at = excluded.changed_at")
        .bind("host", s.host())
        .bind("port", s.port())
        .bind("transport", s.transport().value())
        .bind("facility", s.facility().value())
        .bind("hostname", s.hostname())
        .bind("appName", s.appName())
        .bind("caCertPem", s.caCertPem())
        .bind("enabled", s.enabled())
        .bind("now", now)
        .execute();
    h.createUpdate(
            "insert into syslog_cursor (id, chain_sequence, event_position) values (1, :chain,"
                + " :event) on conflict (id) do nothing")
        .bind("chain", chainSequence)
        .bind("event", eventPosition)
        .execute();
  }

  /**
   * The cursor, locked for the caller's transaction, or empty when there is none or another
   * instance is delivering to this destination right now.
   */
  static Optional<Cursor> lock(Handle h) {
    return h.createQuery(
            "select " + CURSOR + " from syslog_cursor where id = 1 for update skip locked")
        .map((rs, ctx) -> mapCursor(rs))
        .findOne();
  }

  /** Writes the cursor locked by {@link #lock}. */
  static void update(Handle h, Cursor c) {
    h.createUpdate(
            "update syslog_cursor set chain_sequence = :chainSequence, event_position ="
                + " :eventPosition, delivered_at = :deliveredAt, last_error = :lastError, sent ="
                + " :sent, truncated = :truncated, dropped = :dropped where id = 1")
        .bindMethods(c)
        .execute();
  }

  private static SyslogSettings mapSettings(ResultSet rs) throws SQLException {
    return new SyslogSettings(
        rs.getString(1),
        rs.getInt(2),
        Transport.parse("transport", rs.getString(3)),
        Facility.parse("facility", rs.getString(4)),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getBoolean(8));
  }

  private static Cursor mapCursor(ResultSet rs) throws SQLException {
    OffsetDateTime at = rs.getObject(3, OffsetDateTime.class);
    return new Cursor(
        rs.getLong(1),
        rs.getLong(2),
        at == null ? null : at.toInstant(),
        rs.getString(4),
        rs.getLong(5),
        rs.getLong(6),
        rs.getLong(7));
  }
}
