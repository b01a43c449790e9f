package dev.palisade.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Both log formats: one event is one line, the logging context is kept, secrets are masked. */
class LogEncoderTest {
  private final LoggerContext context = new LoggerContext();
  private final Logger logger = context.getLogger("dev.palisade.test");

  private String encode(String format, String message, Throwable error) {
    LogEncoder encoder = new LogEncoder(format);
    encoder.setContext(context);
    encoder.start();
    LoggingEvent event = new LoggingEvent("x", logger, Level.WARN, message, error, null);
    event.setMDCPropertyMap(Map.of("request_id", "req-1", "org_id", "o-1", "other", "dropped"));
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void jsonLinesCarryTheContextAndMaskCredentials() throws Exception {
    String line =
        encode(
            "json",
            "connect failed password=hunter2 to postgres://app:s3cret@db/x",
            new IllegalStateException("token: abc-secret-77"));
    assertThat(line).endsWith("\n").doesNotContain("hunter2", "s3cret", "abc-secret-77");
    assertThat(line.strip()).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("timestamp").asText()).endsWith("Z");
    assertThat(json.get("level").asText()).isEqualTo("WARN");
    assertThat(json.get("logger").asText()).isEqualTo("dev.palisade.test");
    assertThat(json.get("message").asText()).startsWith("connect failed password=");
    assertThat(json.get("request_id").asText()).isEqualTo("req-1");
    assertThat(json.get("org_id").asText()).isEqualTo("o-1");
    assertThat(json.has("other")).isFalse();
    assertThat(json.get("error").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(json.get("stack").asText()).contains("LogEncoderTest");
  }

  @Test
  void textLinesEscapeLineBreaksSoNoValueForgesALine() {
    String line = encode("text", "user said hello\n2026-01-01T00:00:00Z ERROR forged", null);
    assertThat(line)
        .endsWith("\n")
        .contains("WARN dev.palisade.test [req-1] user said hello\\n2026-01-01")
        .hasLineCount(1);
    assertThat(encode("text", "secret: hunter2 ok", null)).doesNotContain("hunter2");
  }
}
