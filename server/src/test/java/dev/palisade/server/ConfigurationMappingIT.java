package dev.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.health.HealthConfig;
import dev.palisade.identity.IdentityConfig;
import dev.palisade.install.HomeConfig;
import dev.palisade.tenancy.DatabaseConfig;
import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every typed setting: its default, and its full mapping from properties. */
class ConfigurationMappingIT {
  @Test
  void defaults() throws Exception {
    Map<String, Object> unset = new HashMap<>();
    unset.put("palisade.database.tenant-connection-cap", null);
    try (TestServer server = TestServer.start(unset)) {
      DatabaseConfig db = server.context().getBean(DatabaseConfig.class);
      assertThat(db.installPoolSize()).isEqualTo(10);
      assertThat(db.tenantPoolSize()).isEqualTo(4);
      assertThat(db.tenantConnectionCap()).isNull();
      assertThat(db.tenantIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
      assertThat(db.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
      assertThat(db.acquireTimeout()).isEqualTo(Duration.ofSeconds(10));
      IdentityConfig id = server.context().getBean(IdentityConfig.class);
      assertThat(id.maxFailedAttempts()).isEqualTo(5);
      assertThat(id.lockoutDuration()).isEqualTo(Duration.ofMinutes(15));
      assertThat(id.passwordMinLength()).isEqualTo(12);
      assertThat(id.tokenTtl()).isEqualTo(Duration.ofHours(1));
      assertThat(id.invitationTtl()).isEqualTo(Duration.ofDays(7));
      assertThat(id.passwordResetTtl()).isEqualTo(Duration.ofHours(24));
      HealthConfig health = server.context().getBean(HealthConfig.class);
      assertThat(health.refreshInterval()).isEqualTo(Duration.ofSeconds(2));
      assertThat(health.checkTimeout()).isEqualTo(Duration.ofSeconds(2));
      assertThat(health.staleAfter()).isEqualTo(Duration.ofSeconds(6));
      long max =
          server
              .db()
              .count("select setting::bigint from pg_settings where name = 'max_connections'");
      assertThat(server.http().get("/metrics", null).body())
          .contains("palisade_tenant_connections_cap " + (int) (max * 0.8 - 10) + ".0");
    }
  }

  @Test
  void fullMapping() throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put("palisade.database.install-pool-size", 7);
    props.put("palisade.database.tenant-pool-size", 2);
    props.put("palisade.database.tenant-connection-cap", 33);
    props.put("palisade.database.tenant-idle-timeout", "90s");
    props.put("palisade.database.connect-timeout", "3s");
    props.put("palisade.database.acquire-timeout", "4s");
    props.put("palisade.identity.max-failed-attempts", 3);
    props.put("palisade.identity.lockout-duration", "5m");
    props.put("palisade.identity.password-min-length", 16);
    props.put("palisade.identity.token-ttl", "30m");
    props.put("palisade.identity.invitation-ttl", "2d");
    props.put("palisade.identity.password-reset-ttl", "2h");
    props.put("palisade.health.refresh-interval", "1s");
    props.put("palisade.health.check-timeout", "500ms");
    props.put("palisade.health.stale-after", "4s");
    try (TestServer server = TestServer.start(props)) {
      DatabaseConfig db = server.context().getBean(DatabaseConfig.class);
      assertThat(db.tenantPrefix()).isEqualTo(server.db().tenantPrefix());
      assertThat(db.installPoolSize()).isEqualTo(7);
      assertThat(db.tenantPoolSize()).isEqualTo(2);
      assertThat(db.tenantConnectionCap()).isEqualTo(33);
      assertThat(db.tenantIdleTimeout()).isEqualTo(Duration.ofSeconds(90));
      assertThat(db.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(db.acquireTimeout()).isEqualTo(Duration.ofSeconds(4));
      assertThat(db.toString()).doesNotContain("password=");
      IdentityConfig id = server.context().getBean(IdentityConfig.class);
      assertThat(id.maxFailedAttempts()).isEqualTo(3);
      assertThat(id.lockoutDuration()).isEqualTo(Duration.ofMinutes(5));
      assertThat(id.passwordMinLength()).isEqualTo(16);
      assertThat(id.tokenTtl()).isEqualTo(Duration.ofMinutes(30));
      assertThat(id.invitationTtl()).isEqualTo(Duration.ofDays(2));
      assertThat(id.passwordResetTtl()).isEqualTo(Duration.ofHours(2));
      HealthConfig health = server.context().getBean(HealthConfig.class);
      assertThat(health.refreshInterval()).isEqualTo(Duration.ofSeconds(1));
      assertThat(health.checkTimeout()).isEqualTo(Duration.ofMillis(500));
      assertThat(health.staleAfter()).isEqualTo(Duration.ofSeconds(4));
      assertThat(server.context().getBean(HomeConfig.class).home())
          .isEqualTo(server.home().toString());
    }
  }

  @Test
  void environmentVariablesSwitchOtlpExportOn() {
    assertThat(PalisadeServer.defaults(Map.of())).containsEntry("otel.traces.exporter", "none");
    assertThat(
            PalisadeServer.defaults(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")))
        .containsEntry("otel.traces.exporter", "otlp");
    assertThat(PalisadeServer.defaults(Map.of("OTEL_TRACES_EXPORTER", "zipkin"))).isEmpty();
    // set but empty means unset
    assertThat(PalisadeServer.defaults(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "")))
        .containsEntry("otel.traces.exporter", "none");
  }
}
