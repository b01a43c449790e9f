package dev.palisade.license;

import dev.palisade.crypto.CanonicalJson;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code org_entitlements} projection: what each organization is entitled to under the current
 * license, or under the evaluation terms (no features, no member limit) when there is none.
 * Projected when a license is stored, on every reconcile and when an organization is created.
 */
@Singleton
public final class Entitlements {
  private final Jdbi install;
  private final Organizations organizations;

  Entitlements(Databases databases, Organizations organizations) {
    this.install = databases.install();
    this.organizations = organizations;
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
    return install.withHandle(
        h ->
            h.createQuery(
                    "select license_id, features, max_members, projected_at from org_entitlements"
                        + " where org_id = :org")
                .bind("org", orgId)
                .map(
                    (rs, ctx) -> {
                      int max = rs.getInt(3);
                      return new OrgEntitlements(
                          orgId,
                          rs.getString(1),
                          features(rs.getString(2)),
                          rs.wasNull() ? null : max,
                          rs.getTimestamp(4).toInstant());
                    })
                .findOne());
  }

  /** Re-projects every organization in the caller's transaction; returns how many. */
  int projectAll(Handle h, License license, Instant now) {
    List<Organization> all = organizations.all(h);
    for (Organization o : all) {
      project(h, o.id(), license, now);
    }
    return all.size();
  }

  /** Projects one organization in the caller's transaction; {@code license} null: evaluation. */
  void project(Handle h, UUID orgId, License license, Instant now) {
    License.OrgTerms terms =
        license == null ? new License.OrgTerms(List.of(), null) : license.termsOf(orgId);
    h.createUpdate(
            "insert into org_entitlements (org_id, license_id, features, max_members,"
                + " projected_at) values (:org, :license, :features, :max, :now)"
                + " on conflict (org_id) do update set license_id = excluded.license_id,"
                + " features = excluded.features, max_members = excluded.max_members,"
                + " projected_at = excluded.projected_at")
        .bind("org", orgId)
        .bind("license", license == null ? null : license.licenseId())
        .bind("features", CanonicalJson.write(terms.features()))
        .bindBySqlType("max", terms.maxMembers(), Types.INTEGER)
        .bind("now", now)
        .execute();
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
