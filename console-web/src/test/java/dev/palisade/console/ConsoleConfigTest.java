package dev.palisade.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleConfigTest {
  /** The console's beans with the one bean the platform gives them, the clock. */
  private static ApplicationContext context(Map<String, Object> properties) {
    return ApplicationContext.builder()
        .properties(properties)
        .singletons(Clock.systemUTC())
        .start();
  }

  @Test
  void defaults() {
    try (ApplicationContext ctx = context(Map.of("palisade.console.warm-up", false))) {
      ConsoleConfig c = ctx.getBean(ConsoleConfig.class);
      assertThat(c.renderContexts()).isEqualTo(2);
      assertThat(c.renderTimeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(c.apiTimeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(c.allowedOrigins()).isEmpty();
      assertThat(c.warmUp()).isFalse();
    }
  }

  @Test
  void everySettingMaps() {
    try (ApplicationContext ctx =
        context(
            Map.of(
                "palisade.console.render-contexts", 4,
                "palisade.console.render-timeout", "3s",
                "palisade.console.api-timeout", "7s",
                "palisade.console.allowed-origins", "https://console.example.com",
                "palisade.console.warm-up", true))) {
      ConsoleConfig c = ctx.getBean(ConsoleConfig.class);
      assertThat(c.renderContexts()).isEqualTo(4);
      assertThat(c.renderTimeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(c.apiTimeout()).isEqualTo(Duration.ofSeconds(7));
      assertThat(c.allowedOrigins()).isEqualTo(List.of("https://console.example.com"));
      assertThat(c.warmUp()).isTrue();
    }
  }
}
