package dev.palisade.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.keys.Keyrings;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Filtered, keyset-paginated reads of a chain, and single entries with their sealed part opened.
 */
@Singleton
public final class AuditQueries {
  private final ChainDatabases databases;
  private final Keyrings keyrings;
  private final ObjectMapper json;

  AuditQueries(ChainDatabases databases, Keyrings keyrings, ObjectMapper json) {
    this.databases = databases;
    this.keyrings = keyrings;
    this.json = json;
  }

  /** Up to {@code limit} entries after the cursor sequence (exclusive), in the filter's order. */
  public List<AuditEntry> list(AuditChain chain, AuditFilter filter, Long after, int limit) {
    List<Object> params = new ArrayList<>();
    String where = filter.where(params);
    if (after != null) {
      where += filter.newestFirst() ? " and sequence < ?" : " and sequence > ?";
      params.add(after);
    }
    String sql =
        "select "
            + AuditRows.COLUMNS
            + " from audit_entries where "
            + where
            + " order by sequence "
            + (filter.newestFirst() ? "desc" : "asc")
            + " limit ?";
    params.add(limit);
    try (Connection c = databases.open(chain);
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      List<AuditEntry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(AuditRows.map(chain.id(), rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw PlatformException.database("cannot read the audit log", e);
    }
  }

  public Optional<AuditEntry> get(AuditChain chain, UUID id) {
    try (Connection c = databases.open(chain);
        PreparedStatement ps =
            c.prepareStatement(
                "select " + AuditRows.COLUMNS + " from audit_entries where id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(AuditRows.map(chain.id(), rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw PlatformException.database("cannot read the audit log", e);
    }
  }

  /** The sealed metadata of {@code entry}, opened with its keyring version; empty if none. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> openSealed(AuditChain chain, AuditEntry entry) {
    if (entry.sealedMetadata() == null) {
      return Map.of();
    }
    byte[] plain =
        Sealer.open(
            keyrings.key(chain.id(), databases.of(chain), entry.sealedKeyVersion()),
            entry.sealedMetadata(),
            AuditLog.aad(chain.id(), entry.id()));
    try {
      return json.readValue(new String(plain, StandardCharsets.UTF_8), Map.class);
    } catch (IOException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "sealed metadata is not JSON", e);
    }
  }
}
