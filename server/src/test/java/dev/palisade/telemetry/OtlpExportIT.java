package dev.palisade.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Eventually;
import dev.palisade.testing.Http;
import dev.palisade.testing.LogCapture;
import dev.palisade.testing.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Spans leave the process over OTLP to a real receiver, and failures to do so are visible. */
class OtlpExportIT {
  private static final Pattern FAILURES =
      Pattern.compile(
          "(?m)^palisade_telemetry_export_failures_total\\{signal=\"traces\"\\} ([0-9.eE+]+)$");
  private static final Duration WITHIN = Duration.ofSeconds(30);

  private static Map<String, Object> exportingTo(String endpoint, Map<String, Object> more) {
    Map<String, Object> props = new HashMap<>(more);
    props.put("otel.traces.exporter", "otlp");
    props.put("otel.exporter.otlp.endpoint", endpoint);
    props.put("otel.exporter.otlp.timeout", "2000");
    props.put("otel.bsp.schedule.delay", "50");
    return props;
  }

  private static double failures(Http http) {
    Matcher m = FAILURES.matcher(http.get("/metrics", null).body());
    assertThat(m.find()).as("export failure series on the scrape").isTrue();
    return Double.parseDouble(m.group(1));
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void sendsSpansOverHttpProtobufWhenOnlyTheEndpointIsSet() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver();
        TestServer server = TestServer.start(exportingTo(receiver.endpoint(), Map.of()))) {
      String admin = server.installAdmin();
      assertThat(server.http().get("/api/v1/orgs", admin).status()).isEqualTo(200);
      Eventually.until(
          WITHIN,
          () ->
              !receiver.refused().isEmpty()
                  || receiver.spans().stream()
                      .anyMatch(s -> "/api/v1/orgs".equals(s.attribute("http.route"))));
      assertThat(receiver.refused()).isEmpty();
      OtlpReceiver.Received span =
          receiver.spans().stream()
              .filter(s -> "/api/v1/orgs".equals(s.attribute("http.route")))
              .findFirst()
              .orElseThrow();
      assertThat(span.resourceAttribute("service.name")).isEqualTo("palisade");
      assertThat(span.span().getName()).isEqualTo("GET /api/v1/orgs");
      assertThat(receiver.refused()).isEmpty();
      assertThat(failures(server.http())).isZero();
    }
  }

  @Test
  void followsTheCallersDecisionAndSamplesNewTracesAtTheConfiguredRatio() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    try (OtlpReceiver receiver = new OtlpReceiver();
        TestServer server =
            TestServer.start(
                exportingTo(receiver.endpoint(), Map.of("palisade.tracing.sample-ratio", "0.0")))) {
      String admin = server.installAdmin();
      Http http = server.http();
      assertThat(http.get("/api/v1/orgs", admin).status()).isEqualTo(200);
      Http.Response sampled =
          http.send(
              "GET",
              "/api/v1/orgs",
              null,
              admin,
              Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
      assertThat(sampled.status()).isEqualTo(200);
      Eventually.until(WITHIN, () -> !receiver.spans().isEmpty());
      assertThat(receiver.spans()).allSatisfy(s -> assertThat(s.traceId()).isEqualTo(traceId));
    }
  }

  @Test
  void countsAndLogsFailedExportsWhenTheCollectorIsUnreachable() throws Exception {
    String endpoint = "http://127.0.0.1:" + closedPort();
    try (LogCapture logs = LogCapture.json();
        TestServer server = TestServer.start(exportingTo(endpoint, Map.of()))) {
      String admin = server.installAdmin();
      assertThat(server.http().get("/api/v1/orgs", admin).status()).isEqualTo(200);
      Eventually.until(WITHIN, () -> failures(server.http()) >= 1);
      Eventually.until(
          WITHIN, () -> logs.text().contains("traces export to the OTLP collector failed"));
      assertThat(logs.text().split("traces export to the OTLP collector failed", -1))
          .as("one line per interval, not one per failure")
          .hasSize(2);
    }
  }

  @Test
  void sendsGrpcWhenTheProtocolVariableAsksForIt() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver();
        TestServer server =
            TestServer.start(
                exportingTo(receiver.endpoint(), Map.of("otel.exporter.otlp.protocol", "grpc")))) {
      String admin = server.installAdmin();
      assertThat(server.http().get("/api/v1/orgs", admin).status()).isEqualTo(200);
      // the HTTP/1.1 receiver cannot speak gRPC: every batch fails, none arrives as OTLP/HTTP
      Eventually.until(WITHIN, () -> failures(server.http()) >= 1);
      assertThat(receiver.spans()).isEmpty();
    }
  }
}
