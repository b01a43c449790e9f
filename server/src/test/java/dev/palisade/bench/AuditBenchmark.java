package dev.palisade.bench;

import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditExport;
import dev.palisade.audit.AuditFilter;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditQueries;
import dev.palisade.audit.ChainEncoding;
import dev.palisade.audit.ChainVerifier;
import dev.palisade.audit.Checkpoints;
import dev.palisade.audit.Verification;
import dev.palisade.crypto.CanonicalJson;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import dev.palisade.testing.TestServer;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Audit log benchmarks on a real PostgreSQL (the one the tests use). Not a test: run with
 * bench/audit.sh. Prints one line per figure.
 *
 * <p>Modes: {@code append} (16 writers on one org, then 1,000/s offered for latency), {@code
 * append10} (32 writers across 10 orgs), {@code verify} and {@code query} (on a chain of N entries,
 * default 1,000,000, bulk-loaded with valid hashes), {@code instances} (role changes over HTTP, 16
 * clients, on one server and then on two server processes sharing the database; needs the server
 * jar).
 */
public final class AuditBenchmark {
  /**
   * Appending before measuring: with 3 s the JIT was still compiling through the measured window
   * (several seconds of compile time in 15 s) and the figures measured the compiler, not appends.
   */
  private static final int WARM_UP_SECONDS = 20;

  private AuditBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "all";
    int entries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    try (TestServer server =
        TestServer.start(
            Map.of(
                "palisade.database.tenant-connection-cap", 60,
                "palisade.database.tenant-pool-size", 8))) {
      String admin = server.installAdmin();
      if (mode.equals("all") || mode.equals("append")) {
        appendOneOrg(server, admin);
      }
      if (mode.equals("all") || mode.equals("append10")) {
        appendTenOrgs(server, admin);
      }
      if (mode.equals("append-ratio")) {
        appendRatio(server, admin);
      }
      if (mode.equals("instances")) {
        Instances.run(server, admin);
      }
      if (mode.equals("all") || mode.equals("verify") || mode.equals("query")) {
        Scope chain = bulkChain(server, admin, entries);
        if (!mode.equals("query")) {
          verify(server, chain);
        }
        if (!mode.equals("verify")) {
          query(server, chain);
        }
      }
    }
    System.exit(0);
  }

  private static Scope org(TestServer server, String admin, String slug) {
    server.createOrg(admin, slug);
    Organization org = server.context().getBean(Organizations.class).findBySlug(slug).orElseThrow();
    return Scope.of(org);
  }

  static AuditEvent event(long n) {
    return AuditEvent.by("user", "member:bench")
        .subject("document", "doc-" + (n % 1000))
        .reason("benchmark append " + n)
        .publicMetadata(Map.of("n", n))
        .sealed(Map.of("before", Map.of("v", n), "after", Map.of("v", n + 1)))
        .action("document.updated");
  }

  private static void appendOneOrg(TestServer server, String admin) throws Exception {
    Scope chain = org(server, admin, "bench-one");
    AuditLog log = server.context().getBean(AuditLog.class);
    closedLoop(log, List.of(chain), 16, WARM_UP_SECONDS);
    Rate rate = closedLoop(log, List.of(chain), 16, 15);
    System.out.printf(
        "append one org, 16 writers, durable: %.0f appends/s, %.0f us server CPU per append%n",
        rate.perSecond(), rate.cpuMicros());
    long[] lat = openLoop(log, chain, 1_000, 15);
    System.out.printf(
        "append one org at 1000/s offered: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d appends)%n",
        pct(lat, 50), pct(lat, 99), pct(lat, 100), lat.length);
  }

  private static void appendTenOrgs(TestServer server, String admin) throws Exception {
    List<Scope> chains = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      chains.add(org(server, admin, "bench-ten-" + i));
    }
    AuditLog log = server.context().getBean(AuditLog.class);
    closedLoop(log, chains, 32, WARM_UP_SECONDS);
    Rate rate = closedLoop(log, chains, 32, 15);
    System.out.printf(
        "append across 10 orgs, 32 writers, durable: %.0f appends/s, %.0f us server CPU per"
            + " append%n",
        rate.perSecond(), rate.cpuMicros());
  }

  /**
   * The ratio with the load held equal: 32 writers on one organization's chain, then the
   * same 32 writers spread over ten organizations' chains, in alternating rounds of 10 s after a
   * warm-up of each, and the ratio of the means.
   */
  private static void appendRatio(TestServer server, String admin) throws Exception {
    List<Scope> one = List.of(org(server, admin, "bench-ratio-one"));
    List<Scope> ten = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ten.add(org(server, admin, "bench-ratio-" + i));
    }
    AuditLog log = server.context().getBean(AuditLog.class);
    closedLoop(log, one, 32, WARM_UP_SECONDS);
    closedLoop(log, ten, 32, WARM_UP_SECONDS);
    double sumOne = 0;
    double sumTen = 0;
    for (int round = 1; round <= 3; round++) {
      Rate a = closedLoop(log, one, 32, 10);
      Rate b = closedLoop(log, ten, 32, 10);
      sumOne += a.perSecond();
      sumTen += b.perSecond();
      System.out.printf(
          "round %d, 32 writers: one org %.0f appends/s (%.0f us CPU each), ten orgs %.0f"
              + " appends/s (%.0f us CPU each), ratio %.2f%n",
          round,
          a.perSecond(),
          a.cpuMicros(),
          b.perSecond(),
          b.cpuMicros(),
          b.perSecond() / a.perSecond());
    }
    System.out.printf(
        "append ratio, ten orgs / one org, same 32 writers: %.0f / %.0f = %.2f%n",
        sumTen / 3, sumOne / 3, sumTen / sumOne);
  }

  /**
   * Appends per second, and the CPU time this process (server and load generator together, not
   * PostgreSQL) spent per append.
   */
  record Rate(double perSecond, double cpuMicros) {}

  static Rate closedLoop(AuditLog log, List<Scope> chains, int writers, int seconds)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong done = new AtomicLong();
    for (int w = 0; w < writers; w++) {
      Scope chain = chains.get(w % chains.size());
      pool.execute(
          () -> {
            long n = 0;
            while (!stop.get()) {
              log.record(chain, event(n++));
              done.incrementAndGet();
            }
          });
    }
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long start0 = done.get();
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long count = done.get() - start0;
    long cpu = os.getProcessCpuTime() - cpu0;
    double elapsed = (System.nanoTime() - start) / 1e9;
    stop.set(true);
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.SECONDS);
    return new Rate(count / elapsed, cpu / 1e3 / count);
  }

  private static long[] openLoop(AuditLog log, Scope chain, int perSecond, int seconds)
      throws Exception {
    int total = perSecond * seconds;
    long[] latencies = new long[total];
    ExecutorService pool = Executors.newFixedThreadPool(64);
    long interval = 1_000_000_000L / perSecond;
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      int n = i;
      pool.execute(
          () -> {
            log.record(chain, event(n));
            latencies[n] = System.nanoTime() - due;
          });
    }
    pool.shutdown();
    pool.awaitTermination(60, TimeUnit.SECONDS);
    return latencies;
  }

  static double pct(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int i = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  /** Loads {@code n} valid entries with COPY (as fast as the database takes them). */
  static Scope bulkChain(TestServer server, String admin, int n) throws Exception {
    Scope chain = org(server, admin, "bench-big");
    // the creation's entries get their checkpoint now, not after the chain below replaced them
    server.context().getBean(Checkpoints.class).flush();
    String db = chain.org().databaseName();
    long t0 = System.nanoTime();
    byte[] previous = ChainEncoding.GENESIS;
    HexFormat hex = HexFormat.of();
    byte[] sealed = new byte[60];
    Instant base = Instant.parse("2026-01-01T00:00:00Z");
    AuditEntry last = null;
    try (Connection c = server.db().connect(db)) {
      c.setAutoCommit(false);
      // the mark too: it holds the checkpoint of the chain being replaced, and a verification
      // would rightly call the replacement a rewrite
      c.createStatement()
          .execute(
              "delete from audit_entries; delete from audit_chain_head;"
                  + " delete from audit_checkpoint_mark");
      try (Connection install = server.db().connect()) {
        install
            .createStatement()
            .execute("delete from audit_checkpoints where chain_id = '" + chain.id() + "'");
      }
      CopyIn copy =
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn(
                  "copy audit_entries (sequence, id, occurred_at, actor_type, actor_id, action,"
                      + " subject_type, subject_id, reason, public_metadata, sealed_metadata,"
                      + " sealed_key_version, content_hash, chain_hash) from stdin");
      StringBuilder b = new StringBuilder(1 << 20);
      String[] actions = {
        "document.read", "document.updated", "member.invited", "role.changed", "auth.signed_in"
      };
      for (long seq = 1; seq <= n; seq++) {
        UUID id = UUID.randomUUID();
        Instant at = base.plusMillis(seq * 10);
        String actor = "member:user-" + (seq % 500);
        String action = actions[(int) (seq % actions.length)];
        String subjectId = "obj-" + (seq % 20_000);
        String reason = seq % 1000 == 0 ? "quarterly review batch " + seq : "routine " + (seq % 97);
        String pub = CanonicalJson.write(Map.of("n", seq));
        sealed[0] = (byte) seq;
        byte[] content =
            ChainEncoding.contentHash(
                new AuditEntry(
                    chain.id(),
                    seq,
                    id,
                    at,
                    "user",
                    actor,
                    action,
                    "document",
                    subjectId,
                    reason,
                    pub,
                    sealed,
                    1,
                    ChainEncoding.GENESIS,
                    ChainEncoding.GENESIS));
        byte[] chainHash = ChainEncoding.chainHash(previous, content);
        b.append(seq)
            .append('\t')
            .append(id)
            .append('\t')
            .append(ChainEncoding.formatTime(at))
            .append("\tuser\t")
            .append(actor)
            .append('\t')
            .append(action)
            .append("\tdocument\t")
            .append(subjectId)
            .append('\t')
            .append(reason)
            .append('\t')
            .append(pub)
            .append("\t\\\\x")
            .append(hex.formatHex(sealed))
            .append("\t1\t\\\\x")
            .append(hex.formatHex(content))
            .append("\t\\\\x")
            .append(hex.formatHex(chainHash))
            .append('\n');
        if (b.length() > (1 << 20) - 4096) {
          byte[] bytes = b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
          copy.writeToCopy(bytes, 0, bytes.length);
          b.setLength(0);
        }
        previous = chainHash;
        if (seq == n) {
          last =
              new AuditEntry(
                  chain.id(),
                  seq,
                  id,
                  at,
                  "user",
                  actor,
                  action,
                  "document",
                  subjectId,
                  reason,
                  pub,
                  sealed.clone(),
                  1,
                  content,
                  chainHash);
        }
      }
      byte[] bytes = b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      copy.writeToCopy(bytes, 0, bytes.length);
      copy.endCopy();
      try (var ps = c.prepareStatement("insert into audit_chain_head values (?, ?, ?)")) {
        ps.setString(1, chain.id());
        ps.setLong(2, n);
        ps.setBytes(3, previous);
        ps.executeUpdate();
      }
      c.commit();
      c.setAutoCommit(true);
      c.createStatement().execute("vacuum analyze audit_entries");
    }
    server.context().getBean(Checkpoints.class).sign(chain, last);
    System.out.printf("loaded %d entries in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    return chain;
  }

  /** Every column of an entry, as the verifier reads them. */
  private static final String ENTRY_COLUMNS =
      "sequence, id, occurred_at, actor_type, actor_id, action, subject_type, subject_id, reason,"
          + " public_metadata, sealed_metadata, sealed_key_version, content_hash, chain_hash";

  private static void verify(TestServer server, Scope chain) throws Exception {
    try (Connection c = server.db().connect(chain.org().databaseName())) {
      c.setAutoCommit(false);
      for (int run = 0; run < 2; run++) {
        long t0 = System.nanoTime();
        long rows = 0;
        try (var ps =
            c.prepareStatement(
                "select " + ENTRY_COLUMNS + " from audit_entries order by sequence")) {
          ps.setFetchSize(10_000);
          ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
          try (var rs = ps.executeQuery()) {
            while (rs.next()) {
              for (int i = 1; i <= 14; i++) {
                rs.getBytes(i);
              }
              rows++;
            }
          }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "raw scan (no hashing): %d rows in %.2f s = %.0f rows/s%n", rows, s, rows / s);
      }
    }
    copyScans(server, chain);
    ChainVerifier verifier = server.context().getBean(ChainVerifier.class);
    verifier.verify(chain); // warm caches and JIT
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int run = 1; run <= 3; run++) {
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      Verification v = verifier.verify(chain);
      double s = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      System.out.printf(
          "verify run %d: %s, %d entries in %.2f s = %.0f entries/s, %d checkpoint(s); this"
              + " JVM used %.2f s of CPU (%.2f cores)%n",
          run,
          v.status()
              + (v.detail() == null ? "" : " (" + v.detail() + ")")
              + (v.truncation() == null ? "" : " (" + v.truncation() + ")")
              + (v.checkpointMismatches() == null || v.checkpointMismatches().isEmpty()
                  ? ""
                  : " " + v.checkpointMismatches())
              + (v.missingCheckpoints() == null || v.missingCheckpoints().isEmpty()
                  ? ""
                  : " missing " + v.missingCheckpoints()),
          v.entries(),
          s,
          v.entries() / s,
          v.checkpointsChecked(),
          cpu,
          cpu / s);
    }
  }

  /**
   * The raw limit: the chain's rows as binary {@code COPY}, bytes read and dropped (no parsing, no
   * hashing), on one connection and on several, each taking an equal range of sequences.
   */
  private static void copyScans(TestServer server, Scope chain) throws Exception {
    String database = chain.org().databaseName();
    long max;
    try (Connection c = server.db().connect(database);
        var st = c.createStatement();
        var rs = st.executeQuery("select coalesce(max(sequence), 0) from audit_entries")) {
      rs.next();
      max = rs.getLong(1);
    }
    for (int connections : new int[] {1, 1, 2, 4}) {
      ExecutorService pool = Executors.newFixedThreadPool(connections);
      long size = (max + connections - 1) / connections;
      long t0 = System.nanoTime();
      List<java.util.concurrent.Future<Long>> parts = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        long lo = 1 + i * size;
        long hi = Math.min(max, lo + size - 1);
        parts.add(
            pool.submit(
                () -> {
                  try (Connection c = server.db().connect(database)) {
                    return c.unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyOut(
                            "copy (select "
                                + ENTRY_COLUMNS
                                + " from audit_entries where sequence between "
                                + lo
                                + " and "
                                + hi
                                + " order by sequence) to stdout (format binary)",
                            OutputStream.nullOutputStream());
                  }
                }));
      }
      long rows = 0;
      for (var f : parts) {
        rows += f.get();
      }
      pool.shutdown();
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "raw binary COPY on %d connection(s) (no parsing, no hashing): %d rows in %.2f s ="
              + " %.0f rows/s%n",
          connections, rows, s, rows / s);
    }
  }

  private static void query(TestServer server, Scope chain) throws Exception {
    AuditQueries queries = server.context().getBean(AuditQueries.class);
    AuditExport export = server.context().getBean(AuditExport.class);
    Map<String, AuditFilter> filters =
        Map.of(
            "actor", AuditFilter.parse("member:user-42", null, null, null, null, null, null, null),
            "action prefix", AuditFilter.parse(null, "role", null, null, null, null, null, null),
            "subject", AuditFilter.parse(null, null, "document", "obj-777", null, null, null, null),
            "time range",
                AuditFilter.parse(
                    null,
                    null,
                    null,
                    null,
                    "2026-01-02T00:00:00Z",
                    "2026-01-02T01:00:00Z",
                    null,
                    "oldest"),
            "free text", AuditFilter.parse(null, null, null, null, null, null, "quarterly", null),
            "actor + action",
                AuditFilter.parse("member:user-7", "document", null, null, null, null, null, null));
    for (var f : filters.entrySet()) {
      long[] lat = new long[200];
      for (int i = 0; i < lat.length + 20; i++) {
        long t0 = System.nanoTime();
        queries.list(chain, f.getValue(), null, 51);
        if (i >= 20) {
          lat[i - 20] = System.nanoTime() - t0;
        }
      }
      System.out.printf(
          "query (%s), first page of 50: p50 %.2f ms, p99 %.2f ms%n",
          f.getKey(), pct(lat, 50), pct(lat, 99));
    }
    long[] lat = new long[50];
    for (int i = 0; i < lat.length + 5; i++) {
      long t0 = System.nanoTime();
      FirstPage out = new FirstPage(64 * 1024);
      try {
        export.write(chain, filters.get("actor"), "ndjson", out);
      } catch (FirstPage.Enough e) {
        // stop after the first page
      }
      if (i >= 5) {
        lat[i - 5] = System.nanoTime() - t0;
      }
    }
    System.out.printf(
        "export first 64 KiB (ndjson, actor filter): p50 %.2f ms, p99 %.2f ms%n",
        pct(lat, 50), pct(lat, 99));
  }

  /** Stops an export once the first page has been written. */
  private static final class FirstPage extends OutputStream {
    static final class Enough extends RuntimeException {
      private static final long serialVersionUID = 1L;
    }

    private final int limit;
    private int written;

    FirstPage(int limit) {
      this.limit = limit;
    }

    @Override
    public void write(int b) {
      if (++written >= limit) {
        throw new Enough();
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      written += len;
      if (written >= limit) {
        throw new Enough();
      }
    }
  }
}
