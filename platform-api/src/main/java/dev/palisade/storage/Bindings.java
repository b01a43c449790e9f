package dev.palisade.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.crypto.AesGcm;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.keys.Keyrings;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The organization's {@code storage_bindings} table. Credentials are sealed with AES-GCM under the
 * organization's current keyring key, bound to the organization and the binding's id, and opened
 * only to build a client ({@link #settings}).
 */
@Singleton
public final class Bindings {
  private static final String COLUMNS =
      "id, type, settings::text, status, validation::text, created_at, activated_at";
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<Map<String, String>> SECRETS = new TypeReference<>() {};

  private final Keyrings keyrings;
  private final ObjectMapper json;

  Bindings(Keyrings keyrings, ObjectMapper json) {
    this.keyrings = keyrings;
    this.json = json;
  }

  public Binding active(Handle h) {
    return h.createQuery("select " + COLUMNS + " from storage_bindings where status = 'active'")
        .map((rs, ctx) -> row(rs))
        .findOne()
        .orElseThrow(() -> new PlatformException(ErrorCode.INTERNAL, "no active storage binding"));
  }

  public Optional<Binding> find(Handle h, UUID id) {
    return h.createQuery("select " + COLUMNS + " from storage_bindings where id = :id")
        .bind("id", id)
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  /** Every binding, the active one first, then newest first. */
  public List<Binding> list(Handle h) {
    return h.createQuery(
            "select "
                + COLUMNS
                + " from storage_bindings"
                + " order by status = 'active' desc, created_at desc, id limit 100")
        .map((rs, ctx) -> row(rs))
        .list();
  }

  /** Inserts a new, inactive binding with its sealed credentials. */
  public void insert(Handle h, Scope scope, Binding b, StorageBackend.Settings settings) {
    byte[] sealed = null;
    Integer version = null;
    if (!settings.secrets().isEmpty()) {
      Keyrings.ActiveKey key = keyrings.current(scope);
      byte[] plain = write(settings.secrets()).getBytes(StandardCharsets.UTF_8);
      try {
        sealed = AesGcm.seal(key.key(), null, plain, aad(scope, b.id()));
      } catch (java.security.GeneralSecurityException e) {
        throw new PlatformException(ErrorCode.INTERNAL, "cannot seal storage credentials", e);
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
      version = key.version();
    }
    h.createUpdate(
            "insert into storage_bindings (id, type, settings, sealed_secrets, sealed_key_version,"
                + " status, created_at) values (:id, :type, :settings::jsonb, :sealed, :version,"
                + " :status, :createdAt)")
        .bind("id", b.id())
        .bind("type", b.type())
        .bind("settings", write(b.settings()))
        .bind("sealed", sealed)
        .bind("version", version)
        .bind("status", b.status())
        .bind("createdAt", b.createdAt())
        .execute();
  }

  /** The settings of {@code id} with its credentials opened, to build a client. */
  public StorageBackend.Settings settings(Handle h, Scope scope, UUID id) {
    record Row(String settings, byte[] sealed, Integer version) {}
    Row row =
        h.createQuery(
                "select settings::text, sealed_secrets, sealed_key_version from storage_bindings"
                    + " where id = :id")
            .bind("id", id)
            .map((rs, ctx) -> new Row(rs.getString(1), rs.getBytes(2), (Integer) rs.getObject(3)))
            .one();
    Map<String, String> secrets = Map.of();
    if (row.sealed() != null) {
      byte[] plain;
      try {
        plain =
            AesGcm.open(keyrings.key(scope, row.version()), null, row.sealed(), 0, aad(scope, id));
      } catch (java.security.GeneralSecurityException e) {
        throw new PlatformException(ErrorCode.INTERNAL, "sealed storage settings do not open");
      }
      try {
        secrets = json.readValue(plain, SECRETS);
      } catch (IOException e) {
        throw new PlatformException(ErrorCode.INTERNAL, "sealed storage settings are unreadable");
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
    }
    return new StorageBackend.Settings(read(row.settings(), MAP), secrets);
  }

  public void recordValidation(Handle h, UUID id, Validation v) {
    h.createUpdate(
            "update storage_bindings set validation = :v::jsonb, validation_result = :result,"
                + " validated_at = :at where id = :id")
        .bind("v", write(v))
        .bind("result", v.result())
        .bind("at", v.checkedAt())
        .bind("id", id)
        .execute();
  }

  /** Makes {@code id} the active binding; the previous one becomes inactive. */
  public void activate(Handle h, UUID id, Instant now) {
    h.execute("update storage_bindings set status = 'inactive' where status = 'active'");
    h.createUpdate(
            "update storage_bindings set status = 'active', activated_at = :now where id = :id")
        .bind("now", now)
        .bind("id", id)
        .execute();
  }

  private Binding row(ResultSet rs) throws SQLException {
    String v = rs.getString(5);
    Timestamp activated = rs.getTimestamp(7);
    return new Binding(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        read(rs.getString(3), MAP),
        rs.getString(4),
        v == null ? null : read(v, new TypeReference<Validation>() {}),
        rs.getTimestamp(6).toInstant(),
        activated == null ? null : activated.toInstant());
  }

  private <T> T read(String text, TypeReference<T> type) {
    try {
      return json.readValue(text, type);
    } catch (IOException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "a stored storage binding is unreadable");
    }
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "cannot encode storage binding settings");
    }
  }

  private static byte[] aad(Scope scope, UUID binding) {
    return ("palisade:storage-binding:" + scope.id() + ":" + binding)
        .getBytes(StandardCharsets.UTF_8);
  }
}
