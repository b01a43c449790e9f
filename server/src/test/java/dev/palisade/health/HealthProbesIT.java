package dev.palisade.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.FreezableProxy;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestDatabase;
import dev.palisade.testing.TestServer;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthProbesIT {
  @Test
  void liveAndReadyAnswerWithoutAuthenticationAndDetailedNeedsAnInstallAdmin() throws Exception {
    try (TestServer server = TestServer.start()) {
      Http http = server.http();
      Http.Response live = http.get("/api/health/live", null);
      assertThat(live.status()).isEqualTo(200);
      assertThat(live.json().get("status").asText()).isEqualTo("ok");
      Http.Response ready = http.get("/api/health/ready", null);
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.json().get("status").asText()).isEqualTo("ready");
      assertThat(http.get("/api/health/detailed", null).status()).isEqualTo(401);
      String admin = server.installAdmin();
      server.createOrg(admin, "probe");
      String member = server.member(admin, "probe", "m@example.com", "admin");
      assertThat(http.get("/api/health/detailed", member).status()).isEqualTo(403);
      Http.Response detailed = http.get("/api/health/detailed", admin);
      assertThat(detailed.status()).isEqualTo(200);
      assertThat(detailed.json().at("/checks/0/name").asText()).isEqualTo("install-database");
      assertThat(detailed.json().at("/checks/0/latencyMillis").isNumber()).isTrue();
      assertThat(detailed.json().at("/pools/install/max").asInt()).isEqualTo(10);
      assertThat(detailed.json().at("/pools/tenants/cap").asInt()).isEqualTo(20);
      assertThat(detailed.json().at("/pools/tenants/open").asInt()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void aHungDatabaseFlipsReadyTo503WithinSecondsWithoutHangingTheProbe() throws Exception {
    try (TestDatabase db = TestDatabase.create()) {
      URI target = URI.create(db.url().substring("jdbc:".length()));
      try (FreezableProxy proxy = new FreezableProxy(target.getHost(), target.getPort())) {
        String viaProxy = db.url().replace(":" + target.getPort() + "/", ":" + proxy.port() + "/");
        try (TestServer server =
            TestServer.restart(
                db,
                java.nio.file.Files.createTempDirectory("palisade-home"),
                Map.of(
                    "palisade.database.url", viaProxy,
                    "palisade.health.refresh-interval", "500ms",
                    "palisade.health.check-timeout", "1s",
                    "palisade.health.stale-after", "3s"))) {
          Http http = server.http();
          assertThat(http.get("/api/health/ready", null).status()).isEqualTo(200);
          proxy.freeze();
          long frozenAt = System.nanoTime();
          long maxProbeMillis = 0;
          int status = 200;
          while (status == 200 && System.nanoTime() - frozenAt < 15_000_000_000L) {
            long t0 = System.nanoTime();
            status = http.get("/api/health/ready", null).status();
            maxProbeMillis = Math.max(maxProbeMillis, (System.nanoTime() - t0) / 1_000_000);
            Thread.sleep(100);
          }
          long flipMillis = (System.nanoTime() - frozenAt) / 1_000_000;
          assertThat(status).isEqualTo(503);
          assertThat(flipMillis).isLessThan(5_000);
          assertThat(maxProbeMillis).isLessThan(1_000);
          Http.Response down = http.get("/api/health/ready", null);
          assertThat(down.json().get("status").asText()).isEqualTo("not_ready");
          assertThat(down.json().at("/checks/0/up").asBoolean()).isFalse();
          assertThat(http.get("/api/health/live", null).status()).isEqualTo(200);
          proxy.thaw();
          long thawedAt = System.nanoTime();
          while (http.get("/api/health/ready", null).status() != 200
              && System.nanoTime() - thawedAt < 15_000_000_000L) {
            Thread.sleep(200);
          }
          assertThat(http.get("/api/health/ready", null).status()).isEqualTo(200);
        }
      }
    }
  }
}
