package dev.palisade.license;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Terms for one organization bind to its id. An organization's admins may change its slug, so a
 * license that keyed terms by slug would let them escape a stricter limit by renaming, or take the
 * terms of a licensed slug nobody holds yet.
 */
class LicenseTermsByOrganizationIdIT {
  @Test
  void termsKeyedBySlugAreRefusedAndTermsKeyedByIdFollowTheOrganizationThroughARename()
      throws Exception {
    TestVendor vendor = new TestVendor();
    try (TestServer server = vendor.trustingServer()) {
      Http http = server.http();
      String admin = server.installAdmin();
      UUID installId = TestVendor.installId(server);
      String team = server.createOrg(admin, "team");
      server.createOrg(admin, "other");

      for (String slug : List.of("team", "bigco")) {
        Map<String, Object> bySlug = TestVendor.license(installId, "LIC-SLUG-" + slug);
        bySlug.put("organizations", Map.of(slug, Map.of("maxMembers", 500)));
        Http.Response refused =
            http.send("PUT", "/api/v1/install/license", vendor.signed(bySlug), admin, Map.of());
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("field").asText()).isEqualTo("license.organizations." + slug);
        assertThat(server.db().count("select count(*) from licenses")).isZero();
      }

      Map<String, Object> byId = TestVendor.license(installId, "LIC-ID");
      byId.put("organizations", Map.of(team, Map.of("maxMembers", 2, "features", List.of("byok"))));
      Http.Response imported =
          http.send("PUT", "/api/v1/install/license", vendor.signed(byId), admin, Map.of());
      assertThat(imported.status()).as(imported.body()).isEqualTo(200);

      Http.Response renamed = http.patch("/api/v1/orgs/team", Http.json("slug", "squad"), admin);
      assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
      JsonNode squad = http.get("/api/v1/orgs/squad/entitlements", admin).json();
      assertThat(squad.get("maxMembers").asInt()).isEqualTo(2);
      assertThat(squad.get("features").toString()).contains("byok");
      JsonNode other = http.get("/api/v1/orgs/other/entitlements", admin).json();
      assertThat(other.get("maxMembers").asInt()).isNotEqualTo(2);
      assertThat(other.get("features").toString()).doesNotContain("byok");
    }
  }
}
