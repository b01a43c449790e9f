package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Downloads of a large export whose clients stop reading (over real sockets with a small receive
 * buffer) neither hold the organization's database connections nor its export slots for ever.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StalledExportsIT {
  private static final String EXPORT = "/api/v1/orgs/stall/audit/export?format=ndjson";
  private TestServer server;
  private String admin;
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    server =
        TestServer.start(
            Map.of(
                "palisade.database.acquire-timeout", "1s",
                "palisade.audit.export-write-timeout", "1s"));
    admin = server.installAdmin();
    server.createOrg(admin, "stall");
    Scope chain =
        Scope.of(server.context().getBean(Organizations.class).findBySlug("stall").orElseThrow());
    AuditLog log = server.context().getBean(AuditLog.class);
    String reason = "x".repeat(990);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<AuditEntry>> appends = new ArrayList<>();
    for (int i = 0; i < 6_000; i++) {
      appends.add(
          pool.submit(
              () ->
                  log.record(
                      chain,
                      AuditEvent.by("system", "system:load")
                          .reason(reason)
                          .action("load.filled"))));
    }
    for (Future<AuditEntry> f : appends) {
      f.get();
    }
    pool.shutdown();
  }

  @AfterAll
  void stop() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
    server.close();
  }

  /** Sends an export request and reads only its status line and headers. */
  private String stalledExport() throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.setReceiveBufferSize(1024);
    s.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
    s.setSoTimeout(30_000);
    s.getOutputStream()
        .write(
            ("GET "
                    + EXPORT
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + admin
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    InputStream in = s.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private int port() {
    return server.context().getBean(io.micronaut.runtime.server.EmbeddedServer.class).getPort();
  }

  /** Whether a new export is accepted; a refused one's connection is closed at once. */
  private boolean accepted() throws IOException {
    boolean ok = stalledExport().startsWith("HTTP/1.1 200");
    if (!ok) {
      sockets.remove(sockets.size() - 1).close();
    }
    return ok;
  }

  @Test
  void stalledDownloadsLeaveTheOrganizationAnsweringAndFreeTheirSlotsAfterTheWriteTimeout()
      throws Exception {
    List<String> heads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      heads.add(stalledExport());
    }
    assertThat(heads.subList(0, 2)).allSatisfy(h -> assertThat(h).startsWith("HTTP/1.1 200"));

    Http.Response other = server.http().get("/api/v1/orgs/stall/audit?limit=1", admin);
    assertThat(other.status()).as(other.body()).isEqualTo(200);

    assertThat(heads.subList(2, 4))
        .allSatisfy(
            h -> {
              assertThat(h).startsWith("HTTP/1.1 503");
              assertThat(h.toLowerCase()).contains("retry-after: 5");
              assertThat(h).contains("application/problem+json");
            });

    Eventually.until(Duration.ofSeconds(20), this::accepted);
  }
}
