package dev.palisade.license;

import dev.palisade.audit.CanonicalJson;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.InstallDatabase;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code org_entitlements} projection: what each organization is entitled to under the current
 * license, or under the evaluation terms (no features, no member limit) when there is none.
 * Projected when a license is stored, on every reconcile and when an organization is created.
 */
@Singleton
public final class Entitlements {
  private final InstallDatabase install;

  Entitlements(InstallDatabase install) {
    this.install = install;
  }

  /** One organization's projected terms; {@code licenseId} is null under evaluation terms. */
  public record OrgEntitlements(
      UUID orgId,
      String licenseId,
      List<String> features,
      Integer maxMembers,
      Instant projectedAt) {
    public OrgEntitlements {
      features = List.copyOf(features);
    }
  }

  public Optional<OrgEntitlements> of(UUID orgId) {
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "select license_id, features, max_members, projected_at from org_entitlements"
                    + " where org_id = ?")) {
      ps.setObject(1, orgId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        int max = rs.getInt(3);
        return Optional.of(
            new OrgEntitlements(
                orgId,
                rs.getString(1),
                features(rs.getString(2)),
                rs.wasNull() ? null : max,
                rs.getTimestamp(4).toInstant()));
      }
    } catch (SQLException e) {
      throw PlatformException.database("install database error", e);
    }
  }

  /** Re-projects every organization in the caller's transaction; returns how many. */
  int projectAll(Connection c, License license, Instant now) throws SQLException {
    List<Object[]> orgs = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("select id, slug from organizations");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        orgs.add(new Object[] {rs.getObject(1, UUID.class), rs.getString(2)});
      }
    }
    for (Object[] o : orgs) {
      project(c, (UUID) o[0], (String) o[1], license, now);
    }
    return orgs.size();
  }

  /** Projects one organization in the caller's transaction; {@code license} null: evaluation. */
  void project(Connection c, UUID orgId, String slug, License license, Instant now)
      throws SQLException {
    License.OrgTerms terms =
        license == null ? new License.OrgTerms(List.of(), null) : license.termsOf(orgId, slug);
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into org_entitlements (org_id, license_id, features, max_members,"
                + " projected_at) values (?, ?, ?, ?, ?) on conflict (org_id) do update set"
                + " license_id = excluded.license_id, features = excluded.features,"
                + " max_members = excluded.max_members, projected_at = excluded.projected_at")) {
      ps.setObject(1, orgId);
      ps.setString(2, license == null ? null : license.licenseId());
      ps.setString(3, CanonicalJson.write(terms.features()));
      if (terms.maxMembers() == null) {
        ps.setNull(4, java.sql.Types.INTEGER);
      } else {
        ps.setInt(4, terms.maxMembers());
      }
      ps.setTimestamp(5, Timestamp.from(now));
      ps.executeUpdate();
    }
  }

  private static List<String> features(String json) {
    try {
      List<String> out = new ArrayList<>();
      LicenseDocument.JSON.readTree(json).forEach(n -> out.add(n.asText()));
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("org_entitlements.features is not a JSON array", e);
    }
  }
}
