package dev.palisade.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** palisade.events.*: defaults, full mapping, and a retention default out of range. */
class EventsConfigurationMappingIT {
  @Test
  void defaults() throws Exception {
    try (TestServer server = TestServer.start()) {
      EventsConfig c = server.context().getBean(EventsConfig.class);
      assertThat(c.retentionDefault()).isEqualTo(Duration.ofDays(365));
      assertThat(c.retentionDefaultDays()).isEqualTo(365);
      assertThat(c.sweepBatchSize()).isEqualTo(1000);
    }
  }

  @Test
  void fullMapping() throws Exception {
    Map<String, Object> props =
        Map.of("palisade.events.retention-default", "30d", "palisade.events.sweep-batch-size", 50);
    try (TestServer server = TestServer.start(props)) {
      EventsConfig c = server.context().getBean(EventsConfig.class);
      assertThat(c.retentionDefault()).isEqualTo(Duration.ofDays(30));
      assertThat(c.sweepBatchSize()).isEqualTo(50);
      String admin = server.installAdmin();
      assertThat(
              server
                  .http()
                  .get("/api/v1/install/security-events/retention", admin)
                  .json()
                  .get("defaultDays")
                  .asInt())
          .isEqualTo(30);
    }
  }

  @Test
  void aRetentionDefaultBelowOneDayStopsTheServerNamingTheSetting() {
    assertThatThrownBy(
            () -> TestServer.start(Map.of("palisade.events.retention-default", "12h")).close())
        .hasStackTraceContaining("palisade.events.retention-default");
  }
}
