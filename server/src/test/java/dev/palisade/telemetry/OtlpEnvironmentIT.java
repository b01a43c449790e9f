package dev.palisade.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Eventually;
import dev.palisade.testing.Http;
import dev.palisade.testing.ServerProcess;
import dev.palisade.testing.TestDatabase;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The packaged server configured only through the standard OpenTelemetry environment variables, as
 * an operator does: spans reach a real OTLP/HTTP receiver, {@code OTEL_TRACES_SAMPLER} wins over
 * {@code PALISADE_TRACING_SAMPLE_RATIO}, and the spans carry the server and statement attributes.
 */
class OtlpEnvironmentIT {
  private static final Duration WITHIN = Duration.ofSeconds(30);

  private static Optional<OtlpReceiver.Received> serverSpan(OtlpReceiver receiver, String route) {
    return receiver.spans().stream()
        .filter(s -> route.equals(s.attribute("http.route")))
        .findFirst();
  }

  @Test
  void theStandardSamplerVariableWinsAndStatementSpansArriveOverHttpProtobuf() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver();
        TestDatabase db = TestDatabase.create();
        ServerProcess server =
            ServerProcess.start(
                db,
                Files.createTempDirectory("palisade-home"),
                Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                    "OTEL_TRACES_SAMPLER", "always_on",
                    "OTEL_BSP_SCHEDULE_DELAY", "50",
                    // would drop every new trace if the standard variable did not win
                    "PALISADE_TRACING_SAMPLE_RATIO", "0"))) {
      Http http = server.http();
      Http.Response refused =
          http.post(
              "/api/v1/auth/login",
              Http.json("email", "nobody-otlp@example.com", "password", "Wrong-password-42"),
              null);
      assertThat(refused.status()).isEqualTo(401);
      Eventually.until(
          WITHIN,
          () ->
              !receiver.refused().isEmpty()
                  || serverSpan(receiver, "/api/v1/auth/login").isPresent());
      assertThat(receiver.refused()).isEmpty();
      OtlpReceiver.Received login = serverSpan(receiver, "/api/v1/auth/login").orElseThrow();
      assertThat(login.attribute("palisade.error.class")).isEqualTo("auth");
      List<OtlpReceiver.Received> statements =
          receiver.spans().stream()
              .filter(s -> s.traceId().equals(login.traceId()))
              .filter(s -> "postgresql".equals(s.attribute("db.system")))
              .toList();
      assertThat(statements).isNotEmpty();
      assertThat(statements)
          .allSatisfy(
              s -> {
                assertThat(s.attribute("db.namespace")).isEqualTo(db.name());
                assertThat(s.attribute("db.operation.name")).isNotBlank();
              });
      assertThat(receiver.spans().toString()).doesNotContain("nobody-otlp@example.com");
    }
  }
}
