package dev.palisade.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.keys.Keyrings;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementCustomizer;

/**
 * Filtered, keyset-paginated reads of a chain, and single entries with their sealed part opened.
 * One statement text serves every combination of filters: an absent filter binds null and its
 * condition is true. Such statements are planned with their actual values each time (never from a
 * cached generic plan), so each combination still uses its index.
 */
@Singleton
public final class AuditQueries {
  /** The conditions of an {@link AuditFilter}, bound from it by name. */
  static final String WHERE =
      " where (:actor::text is null or actor_id = :actor)"
          + " and (:actionPrefix::text is null or action like :actionPrefix)"
          + " and (:subjectType::text is null or subject_type = :subjectType)"
          + " and (:subjectId::text is null or subject_id = :subjectId)"
          + " and (:from::timestamptz is null or occurred_at >= :from)"
          + " and (:to::timestamptz is null or occurred_at < :to)"
          + " and (:q::text is null or to_tsvector('simple', coalesce(subject_id, '') || ' ' ||"
          + " coalesce(reason, '')) @@ plainto_tsquery('simple', :q))";

  /** Plans each execution with its parameter values (an unnamed, unprepared statement). */
  static final StatementCustomizer CUSTOM_PLAN =
      new StatementCustomizer() {
        @Override
        public void beforeExecution(
            java.sql.PreparedStatement stmt, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
          stmt.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
        }
      };

  private final Databases databases;
  private final Keyrings keyrings;
  private final ObjectMapper json;

  AuditQueries(Databases databases, Keyrings keyrings, ObjectMapper json) {
    this.databases = databases;
    this.keyrings = keyrings;
    this.json = json;
  }

  /** Up to {@code limit} entries after the cursor sequence (exclusive), in the filter's order. */
  public List<AuditEntry> list(Scope chain, AuditFilter filter, Long after, int limit) {
    return databases.read(
        chain,
        h ->
            filtered(
                    h,
                    "select "
                        + AuditEntries.COLUMNS
                        + " from audit_entries"
                        + WHERE
                        + " and (:after::bigint is null or sequence <cmp> :after)"
                        + " order by sequence <dir> limit :limit",
                    filter)
                .bind("after", after)
                .bind("limit", limit)
                .map((rs, ctx) -> AuditEntries.map(chain.id(), rs))
                .list());
  }

  /** The sequence of the newest entry of the chain, 0 for an empty chain. */
  public long lastSequence(Scope chain) {
    return databases.read(chain, AuditEntries::maxSequence);
  }

  /** A query over {@code audit_entries} with {@code filter} bound and its order defined. */
  static Query filtered(Handle h, String sql, AuditFilter filter) {
    return h.createQuery(sql)
        .bindMethods(filter)
        .define("dir", filter.newestFirst() ? "desc" : "asc")
        .define("cmp", filter.newestFirst() ? "<" : ">")
        .addCustomizer(CUSTOM_PLAN);
  }

  public Optional<AuditEntry> get(Scope chain, UUID id) {
    return databases.read(
        chain,
        h ->
            h.createQuery("select " + AuditEntries.COLUMNS + " from audit_entries where id = :id")
                .bind("id", id)
                .map((rs, ctx) -> AuditEntries.map(chain.id(), rs))
                .findOne());
  }

  /** The sealed metadata of {@code entry}, opened with its keyring version; empty if none. */
  public Map<String, Object> openSealed(Scope chain, AuditEntry entry) {
    if (entry.sealedMetadata() == null) {
      return Map.of();
    }
    return SealedMetadata.open(keyrings.key(chain, entry.sealedKeyVersion()), entry, json);
  }
}
