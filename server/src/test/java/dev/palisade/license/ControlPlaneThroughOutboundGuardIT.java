package dev.palisade.license;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The control plane is reached through the outbound guard: on loopback (where the stub listens) it
 * is refused until the operator allows it, and the refusal is counted and raised.
 */
class ControlPlaneThroughOutboundGuardIT {
  @Test
  void aControlPlaneOnLoopbackIsRefusedWithoutAnAllowEntryAndNeverContacted() throws Exception {
    TestVendor vendor = new TestVendor();
    try (ControlPlaneStub plane = new ControlPlaneStub(vendor);
        TestServer server =
            TestServer.start(
                Map.of(
                    "palisade.license.vendor-public-keys", List.of(vendor.publicKeyBase64()),
                    "palisade.license.control-plane.url", plane.url(),
                    "palisade.license.control-plane.ca-file", plane.caFile().toString(),
                    "palisade.license.control-plane.token", "cp-token-guard-1"))) {
      Http http = server.http();
      String admin = server.installAdmin();
      Http.Response run =
          http.post("/api/v1/install/jobs/reconcile-license-state/run", null, admin);
      assertThat(run.status()).as(run.body()).isEqualTo(200);
      assertThat(run.json().get("status").asText()).isEqualTo("failed");
      assertThat(run.json().get("summary").asText())
          .contains("outbound connection to 127.0.0.1 refused: loopback");
      assertThat(plane.requests).isEmpty();
      JsonNode event =
          http.get("/api/v1/install/security-events?type=outboundBlocked", admin)
              .json()
              .at("/items/0");
      assertThat(event.at("/context/client").asText()).isEqualTo("control-plane");
      assertThat(event.at("/context/reason").asText()).isEqualTo("loopback");
      assertThat(http.get("/metrics", null).body())
          .containsPattern(
              "(?m)^palisade_outbound_blocked_total\\{client=\"control-plane\",?\\} [1-9]");
    }
  }
}
