package dev.palisade.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * palisade.syslog.*: defaults, full mapping, and values that stop the server naming the setting.
 */
class SyslogConfigurationMappingIT {
  @Test
  void defaults() throws Exception {
    try (TestServer server = TestServer.start()) {
      SyslogConfig c = server.context().getBean(SyslogConfig.class);
      assertThat(c.maxLag()).isEqualTo(10_000);
      assertThat(c.sdId()).isEqualTo("palisade@32473");
      assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(500));
      assertThat(c.batchSize()).isEqualTo(500);
      assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
      assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(c.refreshInterval()).isEqualTo(Duration.ofSeconds(30));
    }
  }

  @Test
  void fullMapping() throws Exception {
    Map<String, Object> props =
        Map.of(
            "palisade.syslog.max-lag", 50,
            "palisade.syslog.sd-id", "acme@4711",
            "palisade.syslog.poll-interval", "250ms",
            "palisade.syslog.batch-size", 20,
            "palisade.syslog.connect-timeout", "2s",
            "palisade.syslog.write-timeout", "3s",
            "palisade.syslog.refresh-interval", "1m");
    try (TestServer server = TestServer.start(props)) {
      SyslogConfig c = server.context().getBean(SyslogConfig.class);
      assertThat(c.maxLag()).isEqualTo(50);
      assertThat(c.sdId()).isEqualTo("acme@4711");
      assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(250));
      assertThat(c.batchSize()).isEqualTo(20);
      assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
      assertThat(c.writeTimeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(c.refreshInterval()).isEqualTo(Duration.ofMinutes(1));
    }
  }

  @Test
  void anSdIdOutsideAPrivateNameSpaceStopsTheServerNamingTheSetting() {
    assertThatThrownBy(() -> TestServer.start(Map.of("palisade.syslog.sd-id", "origin")).close())
        .hasStackTraceContaining("palisade.syslog.sd-id");
    assertThatThrownBy(() -> TestServer.start(Map.of("palisade.syslog.max-lag", 0)).close())
        .hasStackTraceContaining("palisade.syslog.max-lag");
  }
}
