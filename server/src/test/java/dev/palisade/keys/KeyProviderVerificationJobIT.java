package dev.palisade.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.keys.vault.VaultTransitProtocolStub;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The key-provider-verification job and key-provider outages, with one organization on its own
 * Vault Transit key (a stub of the documented Transit API; no Vault server can be had here) that is
 * sealed and unsealed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyProviderVerificationJobIT {
  private static final String VAULT_TOKEN = "hvs.planted-job-token-88421234";
  private static final String RUN = "/api/v1/install/jobs/key-provider-verification/run";
  private VaultTransitProtocolStub vault;
  private TestServer server;
  private Http http;
  private String admin;
  private String orgAdmin;
  private String acmeId;

  @BeforeAll
  void start() throws Exception {
    vault = VaultTransitProtocolStub.start(VAULT_TOKEN);
    vault.createKey("acme-kek");
    server =
        TestServer.start(
            Map.of("palisade.keys.cache-ttl", "1ms", "palisade.net.allow", "127.0.0.1/32"));
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "plain");
    server.createOrg(admin, "acme");
    orgAdmin = server.member(admin, "acme", "keys@example.com", "admin");
    Http.Response moved =
        http.send(
            "PUT",
            "/api/v1/orgs/acme/keys/provider",
            Http.json(
                "type",
                "vault",
                "settings",
                Map.of("address", vault.address(), "token", VAULT_TOKEN, "keyName", "acme-kek")),
            orgAdmin,
            Map.of());
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    try (Connection c = server.db().connect();
        ResultSet rs =
            c.createStatement().executeQuery("select id from organizations where slug = 'acme'")) {
      rs.next();
      acmeId = rs.getString(1);
    }
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    vault.close();
  }

  @Test
  void reportsAFailingProviderAsAnEventAndAnIncidentAndResolvesItWhenItRecovers() throws Exception {
    JsonNode ok = http.post(RUN, "", admin).json();
    assertThat(ok.get("status").asText()).as(ok.toString()).isEqualTo("success");
    assertThat(ok.get("summary").asText()).contains("3 key provider(s): 3 ok, 0 failed");

    vault.seal();
    try {
      JsonNode bad = http.post(RUN, "", admin).json();
      assertThat(bad.get("status").asText()).isEqualTo("partial");
      assertThat(bad.get("summary").asText()).contains("1 failed").contains("org:" + acmeId);
      assertThat(count("security_events where type = 'keyProviderVerificationFailed'"))
          .isEqualTo(1);
      assertThat(count("security_events where type = 'jobFailed'")).isZero();
      String reasons = reasons();
      assertThat(reasons).contains("vault").doesNotContain(VAULT_TOKEN);
      String incident =
          "incidents where kind = 'keyProviderUnreachable' and subject = 'org:"
              + acmeId
              + "' and resolved_at is null";
      assertThat(count(incident)).isEqualTo(1);
      assertThat(latestJobReceiptOutcome()).isEqualTo("failed");

      // Normal work against the sealed provider fails closed and raises an event.
      server.clock().advance(java.time.Duration.ofSeconds(1)); // past the key cache
      assertThat(http.get("/api/v1/orgs/acme/audit", orgAdmin).status()).isBetween(502, 503);
      assertThat(count("security_events where type = 'keyProviderUnavailable'"))
          .isGreaterThanOrEqualTo(1);
      assertThat(reasons()).doesNotContain(VAULT_TOKEN);

      vault.unseal();
      JsonNode recovered = http.post(RUN, "", admin).json();
      assertThat(recovered.get("status").asText()).isEqualTo("success");
      assertThat(count(incident)).isZero();
      assertThat(latestJobReceiptOutcome()).isEqualTo("succeeded");
      assertThat(http.get("/api/v1/orgs/acme/audit", orgAdmin).status()).isEqualTo(200);
    } finally {
      vault.unseal();
    }
  }

  @Test
  void manualVerificationAndRotationIssueSignedReceiptsChainedIntoTheInstallAuditLog()
      throws Exception {
    assertThat(http.post("/api/v1/orgs/acme/keys/verify", "", orgAdmin).status()).isEqualTo(200);
    assertThat(http.post("/api/v1/orgs/acme/keys/rotate", "", orgAdmin).status()).isEqualTo(200);

    JsonNode key = http.get("/api/v1/install/audit/public-key", null).json();
    byte[] publicKey = Base64.getDecoder().decode(key.get("publicKey").asText());
    for (String operation : new String[] {"keys.verify", "keys.rotate"}) {
      try (Connection c = server.db().connect();
          PreparedStatement ps =
              c.prepareStatement(
                  "select id, receipt, signature, actor, outcome, org_id from operation_evidence"
                      + " where operation = ? and actor like 'member:%'"
                      + " order by issued_at desc limit 1")) {
        ps.setString(1, operation);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).as(operation).isTrue();
          byte[] document = rs.getString("receipt").getBytes(StandardCharsets.UTF_8);
          byte[] signature = rs.getBytes("signature");
          assertThat(dev.palisade.crypto.Ed25519.verify(publicKey, document, signature)).isTrue();
          document[document.length / 2] ^= 1;
          assertThat(dev.palisade.crypto.Ed25519.verify(publicKey, document, signature)).isFalse();
          assertThat(rs.getString("outcome")).isEqualTo("succeeded");
          assertThat(rs.getString("org_id")).isEqualTo(acmeId);
          assertThat(rs.getString("receipt")).doesNotContain(VAULT_TOKEN);
          assertThat(
                  count(
                      "audit_entries where action = 'evidence.issued' and subject_id = '"
                          + rs.getString("id")
                          + "'"))
              .isEqualTo(1);
        }
      }
    }
  }

  private long count(String from) throws Exception {
    return server.db().count("select count(*) from " + from);
  }

  private String reasons() throws Exception {
    StringBuilder all = new StringBuilder();
    try (Connection c = server.db().connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery("select reason, coalesce(context, '') from security_events")) {
      while (rs.next()) {
        all.append(rs.getString(1)).append(' ').append(rs.getString(2)).append('\n');
      }
    }
    return all.toString();
  }

  private String latestJobReceiptOutcome() throws Exception {
    try (Connection c = server.db().connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select outcome from operation_evidence where operation = 'keys.verify'"
                        + " and actor = 'system:job:key-provider-verification'"
                        + " order by issued_at desc limit 1")) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }
}
