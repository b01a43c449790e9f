package dev.palisade.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The organization's {@code audit_exports} table: the audit bundles written to its storage. */
@Singleton
public final class AuditBundles {
  /** The most rows {@link #list} returns. */
  public static final int LIST_LIMIT = 100;

  private static final String COLUMNS =
      "id, created_at, format, filters::text, binding_id, object_key, size, sha256, entries,"
          + " chain_sequence, requester";
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final ObjectMapper json;

  AuditBundles(ObjectMapper json) {
    this.json = json;
  }

  public void insert(Handle h, AuditBundle b) {
    h.createUpdate(
            "insert into audit_exports ("
                + COLUMNS.replace("::text", "")
                + ") values (:id, :createdAt, :format, :filters::jsonb, :bindingId, :objectKey,"
                + " :size, :sha256, :entries, :chainSequence, :requester)")
        .bindMethods(b)
        .bind("filters", write(b.filters()))
        .execute();
  }

  /** The newest bundles first, at most {@link #LIST_LIMIT}. */
  public List<AuditBundle> list(Handle h) {
    return h.createQuery(
            "select " + COLUMNS + " from audit_exports order by created_at desc, id limit :limit")
        .bind("limit", LIST_LIMIT)
        .map((rs, ctx) -> row(rs))
        .list();
  }

  public Optional<AuditBundle> find(Handle h, UUID id) {
    return h.createQuery("select " + COLUMNS + " from audit_exports where id = :id")
        .bind("id", id)
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  private AuditBundle row(ResultSet rs) throws SQLException {
    try {
      return new AuditBundle(
          rs.getObject(1, UUID.class),
          rs.getTimestamp(2).toInstant(),
          rs.getString(3),
          json.readValue(rs.getString(4), MAP),
          rs.getObject(5, UUID.class),
          rs.getString(6),
          rs.getLong(7),
          rs.getString(8),
          rs.getLong(9),
          rs.getLong(10),
          rs.getString(11));
    } catch (JsonProcessingException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "unreadable audit export filters", e);
    }
  }

  private String write(Map<String, Object> filters) {
    try {
      return json.writeValueAsString(filters);
    } catch (JsonProcessingException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "cannot write audit export filters", e);
    }
  }
}
