package dev.palisade.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.Promtool;
import dev.palisade.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusMetricsIT {
  @Test
  void scrapePassesPromtoolLabelsRequestsByRoutePatternAndNamesNoOrganization() throws Exception {
    try (TestServer server = TestServer.start()) {
      Http http = server.http();
      String admin = server.installAdmin();
      server.createOrg(admin, "metrics-a");
      server.createOrg(admin, "metrics-b");
      http.get("/api/v1/orgs/metrics-a", admin);
      http.get("/api/v1/orgs/metrics-b", admin);
      http.get("/api/v1/orgs/metrics-a/members", admin);
      http.get("/does/not/exist/" + System.nanoTime(), null);
      Http.Response r = http.get("/metrics", null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.contentType()).startsWith("text/plain; version=0.0.4");
      String scrape = r.body();
      assertThat(Promtool.check(scrape)).isEqualTo("0:");
      assertThat(scrape).contains("uri=\"/api/v1/orgs/{slug}\"");
      assertThat(scrape).doesNotContain("uri=\"/api/v1/orgs/metrics-a\"");
      assertThat(scrape).doesNotContain("/does/not/exist");
      assertThat(scrape).containsPattern("palisade_build_info\\{version=\"[^\"]+\"} 1");
      assertThat(scrape).contains("palisade_tenant_connections_cap 20");
      assertThat(scrape).containsPattern("palisade_tenant_connections_open [1-9]");
      assertThat(scrape).containsPattern("palisade_tenant_pools [1-9]");
      assertThat(scrape).contains("palisade_tenant_connections_in_use ");
      assertThat(scrape).contains("hikaricp_connections_max{pool=\"install\"}");
      assertThat(scrape).contains("jvm_memory_used_bytes");
      assertThat(scrape).contains("http_server_requests_seconds_bucket");
      assertThat(scrape).doesNotContain(TestServer.PASSWORD).doesNotContain(admin);
      // anyone who reaches the listener reads the scrape: no organization is named in it
      String id = http.get("/api/v1/orgs/metrics-a", admin).json().get("id").asText();
      assertThat(scrape).doesNotContain("metrics-a").doesNotContain("metrics_a").doesNotContain(id);
      // the only database label values are the two kinds of database, never one's name
      assertThat(
              java.util.regex.Pattern.compile("database=\"([^\"]*)\"")
                  .matcher(scrape)
                  .results()
                  .map(found -> found.group(1))
                  .distinct())
          .isSubsetOf("install", "tenant");
      assertThat(http.get("/api/health/detailed", admin).body()).contains("metrics_a");
    }
  }

  @Test
  void aManagementPortMovesMetricsOffTheMainListener() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (TestServer server = TestServer.start(Map.of("palisade.management.port", port))) {
      assertThat(server.http().get("/metrics", null).status()).isEqualTo(404);
      Http.Response r = new Http("http://127.0.0.1:" + port).get("/metrics", null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).contains("palisade_build_info");
      assertThat(new Http("http://127.0.0.1:" + port).get("/api/health/live", null).status())
          .isEqualTo(404);
    }
  }
}
