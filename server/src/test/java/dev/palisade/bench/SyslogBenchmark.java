package dev.palisade.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditQueries;
import dev.palisade.syslog.Rsyslog;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Syslog forwarding to a real rsyslog 8 relay on loopback (the relay of the syslog tests). Not a
 * test: run with bench/syslog.sh. Prints one line per figure.
 *
 * <ul>
 *   <li>throughput: N entries are appended while the TCP (or TLS) destination is disabled (it keeps
 *       its cursor), then it is enabled; messages/s is the number of messages over the time between
 *       the first and the last one rsyslog received (its {@code timegenerated});
 *   <li>lag: with a TCP destination caught up, 1,000 appends/s are offered for the measured window;
 *       a message's lag is rsyslog's receive time minus the time its append returned (committed);
 *   <li>cost: appends/s of 16 writers on an organization without a destination, then on one whose
 *       TCP destination forwards meanwhile, then without again; the ratio is with ÷ the mean of the
 *       two without.
 * </ul>
 */
public final class SyslogBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WARM_UP_SECONDS = 20;

  private SyslogBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "all";
    int entries = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    int lagSeconds = Integer.parseInt(System.getProperty("bench.lag-seconds", "30"));
    Map<String, Object> settings = new HashMap<>();
    settings.put("palisade.net.allow", "127.0.0.1/32");
    settings.put("palisade.syslog.max-lag", 10_000_000);
    settings.put("palisade.database.tenant-connection-cap", 60);
    settings.put("palisade.database.tenant-pool-size", 8);
    for (String k : List.of("poll-interval", "batch-size")) {
      String v = System.getProperty("palisade.syslog." + k);
      if (v != null) {
        settings.put("palisade.syslog." + k, v);
      }
    }
    try (Rsyslog relay = Rsyslog.start();
        TestServer server = TestServer.start(settings)) {
      Bench b = new Bench(server, relay);
      if (mode.equals("all") || mode.equals("throughput")) {
        b.throughput("tcp", entries);
        b.throughput("tls", entries);
      }
      if (mode.equals("all") || mode.equals("lag")) {
        b.lag(1_000, lagSeconds);
      }
      if (mode.equals("all") || mode.equals("cost")) {
        b.cost();
      }
    }
    System.exit(0);
  }

  private static final class Bench {
    private final TestServer server;
    private final Rsyslog relay;
    private final Http http;
    private final String admin;
    private final AuditLog log;
    private final AuditQueries queries;
    private final Received received;

    Bench(TestServer server, Rsyslog relay) throws IOException {
      this.server = server;
      this.relay = relay;
      this.http = server.http();
      this.admin = server.installAdmin();
      this.log = server.context().getBean(AuditLog.class);
      this.queries = server.context().getBean(AuditQueries.class);
      this.received = new Received(relay.output());
    }

    private Scope org(String slug) {
      server.createOrg(admin, slug);
      Organization org =
          server.context().getBean(Organizations.class).findBySlug(slug).orElseThrow();
      return Scope.of(org);
    }

    private void forward(String slug, String transport) throws Exception {
      forward(slug, transport, true);
    }

    /**
     * Sets the destination; a new one starts at the chain's head, a disabled one keeps its place.
     */
    private void forward(String slug, String transport, boolean enabled) throws Exception {
      Map<String, Object> d = new HashMap<>();
      d.put("enabled", enabled);
      d.put("host", "127.0.0.1");
      d.put("port", transport.equals("tls") ? relay.tlsPort() : relay.tcpPort());
      d.put("transport", transport);
      if (transport.equals("tls")) {
        d.put("caCertPem", relay.caPem());
      }
      Http.Response r =
          http.send(
              "PUT",
              "/api/v1/orgs/" + slug + "/syslog",
              Http.JSON.writeValueAsString(d),
              admin,
              Map.of());
      if (r.status() != 200) {
        throw new IllegalStateException("PUT syslog answered " + r.status() + ": " + r.body());
      }
    }

    void throughput(String transport, int n) throws Exception {
      Scope chain = org("bench-" + transport);
      forward("bench-" + transport, transport, false);
      long start = queries.lastSequence(chain);
      closedLoop(List.of(chain), 16, n);
      forward("bench-" + transport, transport, true);
      long head = queries.lastSequence(chain);
      List<Arrival> got =
          received.awaitChain(chain.org().id().toString(), head, 900).stream()
              .filter(a -> a.sequence() > start)
              .toList();
      Instant first = got.get(0).at();
      Instant last = got.get(got.size() - 1).at();
      double seconds = java.time.Duration.between(first, last).toNanos() / 1e9;
      System.out.printf(
          "syslog %s: %d messages in %.2f s: %.0f messages/s (rsyslog receive times, first to"
              + " last)%n",
          transport, got.size(), seconds, (got.size() - 1) / seconds);
    }

    void lag(int perSecond, int seconds) throws Exception {
      Scope chain = org("bench-lag");
      forward("bench-lag", "tcp");
      String org = chain.org().id().toString();
      received.awaitChain(org, queries.lastSequence(chain), 60);
      openLoop(chain, perSecond, 10, null);
      Map<Long, Instant> committed = new ConcurrentHashMap<>();
      long from = queries.lastSequence(chain) + 1;
      openLoop(chain, perSecond, seconds, committed);
      long to = queries.lastSequence(chain);
      List<Arrival> got = received.awaitChain(org, to, 120);
      List<Long> lags = new ArrayList<>();
      for (Arrival a : got) {
        Instant c = committed.get(a.sequence());
        if (a.sequence() >= from && c != null) {
          lags.add(java.time.Duration.between(c, a.at()).toNanos());
        }
      }
      long[] l = lags.stream().mapToLong(Long::longValue).toArray();
      System.out.printf(
          "syslog tcp lag at %d appends/s for %d s: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d"
              + " messages)%n",
          perSecond,
          seconds,
          AuditBenchmark.pct(l, 50),
          AuditBenchmark.pct(l, 99),
          AuditBenchmark.pct(l, 100),
          l.length);
    }

    void cost() throws Exception {
      Scope plain = org("bench-plain");
      Scope forwarded = org("bench-forwarded");
      forward("bench-forwarded", "tcp");
      rate(List.of(plain), WARM_UP_SECONDS);
      rate(List.of(forwarded), WARM_UP_SECONDS);
      double without1 = rate(List.of(plain), 15);
      double with = rate(List.of(forwarded), 15);
      long forwardedBy = received.count(forwarded.org().id().toString());
      double without2 = rate(List.of(plain), 15);
      double without = (without1 + without2) / 2;
      System.out.printf(
          "append, 16 writers: %.0f appends/s without forwarding (%.0f, %.0f), %.0f with a tcp"
              + " destination forwarding; ratio %.3f (%d of %d entries forwarded by the end of"
              + " that phase)%n",
          without,
          without1,
          without2,
          with,
          with / without,
          forwardedBy,
          queries.lastSequence(forwarded));
    }

    private double rate(List<Scope> chains, int seconds) throws Exception {
      return AuditBenchmark.closedLoop(log, chains, 16, seconds).perSecond();
    }

    private void closedLoop(List<Scope> chains, int writers, int total) throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      AtomicLong left = new AtomicLong(total);
      for (int w = 0; w < writers; w++) {
        Scope chain = chains.get(w % chains.size());
        pool.execute(
            () -> {
              long n;
              while ((n = left.decrementAndGet()) >= 0) {
                log.record(chain, AuditBenchmark.event(n));
              }
            });
      }
      pool.shutdown();
      pool.awaitTermination(30, TimeUnit.MINUTES);
    }

    private void openLoop(Scope chain, int perSecond, int seconds, Map<Long, Instant> committed)
        throws Exception {
      int total = perSecond * seconds;
      ExecutorService pool = Executors.newFixedThreadPool(64);
      long interval = 1_000_000_000L / perSecond;
      long start = System.nanoTime();
      for (int i = 0; i < total; i++) {
        long wait = start + i * interval - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        int n = i;
        pool.execute(
            () -> {
              AuditEntry e = log.record(chain, AuditBenchmark.event(n));
              if (committed != null) {
                committed.put(e.sequence(), Instant.now());
              }
            });
      }
      pool.shutdown();
      pool.awaitTermination(120, TimeUnit.SECONDS);
    }
  }

  /** A message rsyslog received: the chain sequence it carries and when rsyslog received it. */
  private record Arrival(long sequence, Instant at) {}

  /** rsyslog's output file, read as it grows; arrivals by organization, in file order. */
  private static final class Received {
    private final Path file;
    private long offset;
    private final StringBuilder partial = new StringBuilder();
    private final Map<String, List<Arrival>> byOrg = new HashMap<>();

    Received(Path file) {
      this.file = file;
    }

    /** Waits until the organization's chain arrived up to {@code head}; returns its arrivals. */
    List<Arrival> awaitChain(String org, long head, int seconds) throws Exception {
      long deadline = System.nanoTime() + seconds * 1_000_000_000L;
      while (true) {
        read();
        List<Arrival> got = byOrg.getOrDefault(org, List.of());
        if (!got.isEmpty() && got.stream().anyMatch(a -> a.sequence() >= head)) {
          return got;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "rsyslog received " + got.size() + " messages of " + org + ", not up to " + head);
        }
        Thread.sleep(50);
      }
    }

    /** How many messages of the organization arrived so far. */
    long count(String org) throws IOException {
      read();
      return byOrg.getOrDefault(org, List.of()).size();
    }

    private void read() throws IOException {
      if (!Files.exists(file)) {
        return;
      }
      try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
        if (f.length() <= offset) {
          return;
        }
        byte[] b = new byte[(int) (f.length() - offset)];
        f.seek(offset);
        f.readFully(b);
        offset += b.length;
        partial.append(new String(b, StandardCharsets.UTF_8));
      }
      int from = 0;
      int nl;
      List<String> lines = new ArrayList<>();
      while ((nl = partial.indexOf("\n", from)) >= 0) {
        lines.add(partial.substring(from, nl));
        from = nl + 1;
      }
      partial.delete(0, from);
      for (String line : lines) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = JSON.readTree(line);
        JsonNode sd = n.at("/sd/palisade@32473");
        if (sd.has("sequence")) {
          byOrg
              .computeIfAbsent(sd.path("org_id").asText(), k -> new ArrayList<>())
              .add(
                  new Arrival(
                      sd.get("sequence").asLong(),
                      java.time.OffsetDateTime.parse(n.get("received").asText()).toInstant()));
        }
      }
    }
  }
}
