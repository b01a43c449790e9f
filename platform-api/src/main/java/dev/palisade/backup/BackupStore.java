package dev.palisade.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code backups} and {@code backup_validations} tables of the install database: the one place
 * their columns are named and their rows mapped.
 */
@Singleton
final class BackupStore {
  private static final String BACKUP_COLUMNS =
      "id, state, trigger, requested_by, location, started_at, ended_at, size_bytes, databases,"
          + " manifest_sha256, detail, evidence_id, expired_at";
  private static final String VALIDATION_COLUMNS =
      "id, backup_id, state, trigger, requested_by, started_at, ended_at, steps, failed_database,"
          + " failed_step, detail, restore_millis, backup_age_millis";
  private static final TypeReference<List<Backup.DatabaseDump>> DUMPS = new TypeReference<>() {};
  private static final TypeReference<List<Validation.Step>> STEPS = new TypeReference<>() {};

  private final Jdbi install;
  private final ObjectMapper json;

  BackupStore(Databases databases, ObjectMapper json) {
    this.install = databases.install();
    this.json = json;
  }

  void insert(Handle h, UUID id, String trigger, String by, String location, Instant at) {
    h.createUpdate(
            "insert into backups (id, state, trigger, requested_by, location, started_at)"
                + " values (:id, 'running', :trigger, :by, :location, :at)")
        .bind("id", id)
        .bind("trigger", trigger)
        .bind("by", by)
        .bind("location", location)
        .bind("at", at)
        .execute();
  }

  void complete(
      UUID id,
      Instant at,
      long size,
      List<Backup.DatabaseDump> dumps,
      String manifestSha256,
      UUID evidenceId) {
    install.useHandle(
        h ->
            h.createUpdate(
                    "update backups set state = 'completed', ended_at = :at, size_bytes = :size,"
                        + " databases = :dumps, manifest_sha256 = :sha, evidence_id = :evidence"
                        + " where id = :id")
                .bind("id", id)
                .bind("at", at)
                .bind("size", size)
                .bind("dumps", write(dumps))
                .bind("sha", manifestSha256)
                .bind("evidence", evidenceId)
                .execute());
  }

  void fail(UUID id, Instant at, String detail, List<Backup.DatabaseDump> dumps, UUID evidenceId) {
    install.useHandle(
        h ->
            h.createUpdate(
                    "update backups set state = 'failed', ended_at = :at, detail = :detail,"
                        + " databases = :dumps, evidence_id = :evidence where id = :id")
                .bind("id", id)
                .bind("at", at)
                .bind("detail", detail)
                .bind("dumps", dumps == null ? null : write(dumps))
                .bind("evidence", evidenceId)
                .execute());
  }

  /** Backups left {@code running} by a server that stopped; called while holding the lock. */
  int closeAbandoned(Instant at) {
    return install.withHandle(
        h ->
            h.createUpdate(
                    "update backups set state = 'failed', ended_at = :at, detail = 'abandoned:"
                        + " the server stopped during the backup' where state = 'running'")
                .bind("at", at)
                .execute());
  }

  void expire(Handle h, UUID id, Instant at) {
    h.createUpdate("update backups set expired_at = :at where id = :id and expired_at is null")
        .bind("id", id)
        .bind("at", at)
        .execute();
  }

  Optional<Backup> find(UUID id) {
    return install.withHandle(
        h ->
            h.createQuery("select " + BACKUP_COLUMNS + " from backups where id = :id")
                .bind("id", id)
                .map((rs, ctx) -> backup(rs))
                .findOne());
  }

  /** The newest backups first, at most {@code limit}. */
  List<Backup> recent(int limit) {
    return install.withHandle(
        h ->
            h.createQuery(
                    "select "
                        + BACKUP_COLUMNS
                        + " from backups order by started_at desc, id limit :n")
                .bind("n", limit)
                .map((rs, ctx) -> backup(rs))
                .list());
  }

  /** Every backup whose files are still kept, newest first. */
  List<Backup> kept() {
    return install.withHandle(
        h ->
            h.createQuery(
                    "select "
                        + BACKUP_COLUMNS
                        + " from backups where expired_at is null order by started_at desc, id")
                .map((rs, ctx) -> backup(rs))
                .list());
  }

  /** When the newest completed backup ended, if any did. */
  Optional<Instant> lastCompleted() {
    return install.withHandle(
        h ->
            h.createQuery("select max(ended_at) from backups where state = 'completed'")
                .mapTo(OffsetDateTime.class)
                .findOne()
                .map(OffsetDateTime::toInstant));
  }

  /** Records a validation as {@code running}, inside the caller's transaction. */
  void insertValidation(Handle h, UUID id, UUID backupId, String trigger, String by, Instant at) {
    h.createUpdate(
            "insert into backup_validations (id, backup_id, state, trigger, requested_by,"
                + " started_at) values (:id, :backup, 'running', :trigger, :by, :at)")
        .bind("id", id)
        .bind("backup", backupId)
        .bind("trigger", trigger)
        .bind("by", by)
        .bind("at", at)
        .execute();
  }

  void finishValidation(
      UUID id,
      String state,
      Instant at,
      List<Validation.Step> steps,
      String failedDatabase,
      String failedStep,
      String detail,
      Long restoreMillis,
      Long ageMillis) {
    install.useHandle(
        h ->
            h.createUpdate(
                    "update backup_validations set state = :state, ended_at = :at, steps = :steps,"
                        + " failed_database = :db, failed_step = :step, detail = :detail,"
                        + " restore_millis = :restore, backup_age_millis = :age where id = :id")
                .bind("id", id)
                .bind("state", state)
                .bind("at", at)
                .bind("steps", write(steps))
                .bind("db", failedDatabase)
                .bind("step", failedStep)
                .bind("detail", detail)
                .bind("restore", restoreMillis)
                .bind("age", ageMillis)
                .execute());
  }

  /** Validations left {@code running} by a server that stopped; called while holding the lock. */
  int closeAbandonedValidations(Instant at) {
    return install.withHandle(
        h ->
            h.createUpdate(
                    "update backup_validations set state = 'failed', ended_at = :at,"
                        + " detail = 'abandoned: the server stopped during the validation'"
                        + " where state = 'running'")
                .bind("at", at)
                .execute());
  }

  Optional<Validation> validation(UUID id) {
    return install.withHandle(
        h ->
            h.createQuery(
                    "select " + VALIDATION_COLUMNS + " from backup_validations where id = :id")
                .bind("id", id)
                .map((rs, ctx) -> validation(rs))
                .findOne());
  }

  /** The newest validation of each of {@code backups}. */
  Map<UUID, Validation> latestValidations(Collection<UUID> backups) {
    Map<UUID, Validation> out = new HashMap<>();
    if (backups.isEmpty()) {
      return out;
    }
    install.useHandle(
        h ->
            h.createQuery(
                    "select distinct on (backup_id) "
                        + VALIDATION_COLUMNS
                        + " from backup_validations where backup_id = any(:ids)"
                        + " order by backup_id, started_at desc, id")
                .bindArray("ids", UUID.class, backups)
                .map((rs, ctx) -> validation(rs))
                .forEach(v -> out.put(v.backupId(), v)));
    return out;
  }

  /** When the newest passing validation ended, if any did. */
  Optional<Instant> lastPassedValidation() {
    return install.withHandle(
        h ->
            h.createQuery("select max(ended_at) from backup_validations where state = 'passed'")
                .mapTo(OffsetDateTime.class)
                .findOne()
                .map(OffsetDateTime::toInstant));
  }

  /** How long the newest finished validation took, in seconds. */
  Optional<Double> lastValidationSeconds() {
    return install.withHandle(
        h ->
            h.createQuery(
                    "select extract(epoch from ended_at - started_at)::float8 from"
                        + " backup_validations where ended_at is not null"
                        + " order by ended_at desc limit 1")
                .mapTo(Double.class)
                .findOne());
  }

  private Backup backup(ResultSet rs) throws SQLException {
    Instant started = instant(rs, "started_at");
    Instant ended = instant(rs, "ended_at");
    long size = rs.getLong("size_bytes");
    Long sizeBytes = rs.wasNull() ? null : size;
    String dumps = rs.getString("databases");
    return new Backup(
        rs.getObject("id", UUID.class),
        rs.getString("state"),
        rs.getString("trigger"),
        rs.getString("requested_by"),
        rs.getString("location"),
        started,
        ended,
        ended == null ? null : Duration.between(started, ended).toMillis(),
        sizeBytes,
        dumps == null ? List.of() : read(dumps, DUMPS),
        rs.getString("manifest_sha256"),
        rs.getString("detail"),
        rs.getObject("evidence_id", UUID.class),
        instant(rs, "expired_at"),
        null);
  }

  private Validation validation(ResultSet rs) throws SQLException {
    Instant started = instant(rs, "started_at");
    Instant ended = instant(rs, "ended_at");
    String steps = rs.getString("steps");
    long restore = rs.getLong("restore_millis");
    Long restoreMillis = rs.wasNull() ? null : restore;
    long age = rs.getLong("backup_age_millis");
    Long ageMillis = rs.wasNull() ? null : age;
    return new Validation(
        rs.getObject("id", UUID.class),
        rs.getObject("backup_id", UUID.class),
        rs.getString("state"),
        rs.getString("trigger"),
        rs.getString("requested_by"),
        started,
        ended,
        ended == null ? null : Duration.between(started, ended).toMillis(),
        steps == null ? List.of() : read(steps, STEPS),
        rs.getString("failed_database"),
        rs.getString("failed_step"),
        rs.getString("detail"),
        restoreMillis,
        ageMillis);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "cannot encode backup details", e);
    }
  }

  private <T> T read(String text, TypeReference<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "stored backup details are unreadable", e);
    }
  }
}
