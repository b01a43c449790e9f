package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An export proves itself, its tail included, to a verifier written from {@code
 * docs/audit-chain.md} alone ({@link SpecExportVerifier}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportVerifiesOfflineIT {
  private TestServer server;
  private Http http;
  private String admin;
  private byte[] publicKey;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "offline");
    for (int i = 0; i < 6; i++) {
      Http.Response r =
          http.post(
              "/api/v1/orgs/offline/members",
              Http.json("email", "person" + i + "@example.com", "role", "member"),
              admin);
      assertThat(r.status()).as(r.body()).isEqualTo(201);
    }
    publicKey =
        Base64.getDecoder()
            .decode(
                http.get("/api/v1/install/audit/public-key", null)
                    .json()
                    .get("publicKey")
                    .asText());
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private String export(String query) {
    Http.Response r = http.get("/api/v1/orgs/offline/audit/export?" + query, admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  @Test
  void aWholeExportVerifiesOfflineLineByLineWithTheTypesOfTheSpecification() throws Exception {
    String body = export("format=ndjson");
    assertThat(SpecExportVerifier.verify(body, publicKey)).startsWith("intact: ");
    String[] lines = body.split("\n");
    assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));
    JsonNode invited = null;
    for (String line : lines) {
      JsonNode n = Http.JSON.readTree(line);
      if ("member.invited".equals(n.path("action").asText())) {
        invited = n;
      }
    }
    assertThat(invited).isNotNull();
    assertThat(invited.get("sealedKeyVersion").isIntegralNumber()).isTrue();
    assertThat(invited.get("sequence").isIntegralNumber()).isTrue();
  }

  @Test
  void anExportWithItsNewestEntriesCutIsNotIntact() throws Exception {
    List<String> lines = new ArrayList<>(Arrays.asList(export("format=ndjson").split("\n")));
    String checkpoint = lines.remove(lines.size() - 1);
    List<String> cut = new ArrayList<>(lines.subList(0, lines.size() - 2));
    cut.add(checkpoint);
    int kept = lines.size() - 2;
    assertThat(SpecExportVerifier.verify(String.join("\n", cut) + "\n", publicKey))
        .isEqualTo(
            "the export checkpoint counts " + lines.size() + " entries, the export holds " + kept);
    cut.set(
        cut.size() - 1,
        checkpoint.replace("\"entries\":" + lines.size() + ",", "\"entries\":" + kept + ","));
    assertThat(SpecExportVerifier.verify(String.join("\n", cut) + "\n", publicKey))
        .startsWith("the export ends at entry ")
        .contains("but its checkpoint covers entry");
    List<String> cutWithoutCheckpoint = lines.subList(0, lines.size() - 2);
    assertThat(SpecExportVerifier.verify(String.join("\n", cutWithoutCheckpoint) + "\n", publicKey))
        .isEqualTo("the export does not end with its export checkpoint");
  }

  @Test
  void anEntryRemovedFromAFilteredExportIsFound() throws Exception {
    List<String> lines =
        new ArrayList<>(Arrays.asList(export("format=ndjson&action=member.invited").split("\n")));
    assertThat(lines).hasSize(7);
    assertThat(SpecExportVerifier.verify(String.join("\n", lines) + "\n", publicKey))
        .isEqualTo("intact: 6 entries up to " + Http.JSON.readTree(lines.get(5)).get("sequence"));
    lines.remove(2);
    assertThat(SpecExportVerifier.verify(String.join("\n", lines) + "\n", publicKey))
        .contains("counts 6 entries, the export holds 5");
  }

  @Test
  void theJsonDocumentCarriesTheSameCheckpoint() throws Exception {
    JsonNode doc = Http.JSON.readTree(export("format=json"));
    assertThat(doc.get("exportCheckpoint").get("entries").asLong())
        .isEqualTo(doc.get("entries").size());
    StringBuilder ndjson = new StringBuilder();
    for (JsonNode e : doc.get("entries")) {
      ndjson.append(Http.JSON.writeValueAsString(e)).append('\n');
    }
    ndjson
        .append(
            Http.JSON.writeValueAsString(
                Http.JSON.createObjectNode().set("exportCheckpoint", doc.get("exportCheckpoint"))))
        .append('\n');
    assertThat(SpecExportVerifier.verify(ndjson.toString(), publicKey)).startsWith("intact: ");
  }
}
