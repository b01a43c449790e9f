package dev.palisade.bench;

import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Latency of {@code GET /api/v1/install/operations} on an install with a long history: {@code runs}
 * job runs (default 200,000, about ten years of the default cadences) spread over the jobs, 50
 * active and 5,000 resolved incidents. Measured over HTTP on loopback, one client and then 8
 * concurrent clients, after a warm-up. Not a test: run through {@code bench/operations.sh}.
 */
public final class OperationsBenchmark {
  private OperationsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    try (TestServer server = TestServer.start(Map.of())) {
      String admin = server.installAdmin();
      seed(server, runs);
      Http http = server.http();
      time(http, admin, 1, 500); // warm-up
      report("1 client", time(http, admin, 1, 2_000));
      report("8 clients", time(http, admin, 8, 4_000));
    }
    System.exit(0);
  }

  private static void seed(TestServer server, int runs) throws Exception {
    try (Connection c = server.db().connect();
        Statement st = c.createStatement()) {
      st.execute(
          "insert into job_runs (id, job, trigger, instance, started_at, ended_at, status,"
              + " summary) select gen_random_uuid(), (array['reconcile-license-state',"
              + " 'key-provider-verification', 'audit-chain-verification',"
              + " 'security-event-retention-sweep'])[1 + n % 4], 'schedule', 'bench:1',"
              + " now() - make_interval(mins => n * 15), now() - make_interval(mins => n * 15)"
              + " + interval '2 seconds', (array['success', 'success', 'success', 'partial',"
              + " 'failed'])[1 + n % 5], 'benchmark run ' || n from generate_series(1, "
              + runs
              + ") n");
      st.execute(
          "insert into incidents (id, kind, subject, severity, summary, opened_at, last_seen_at,"
              + " resolved_at) select gen_random_uuid(), 'jobFailing', 'job:bench-' || n, 'high',"
              + " 'benchmark incident ' || n, now() - make_interval(hours => n),"
              + " now() - make_interval(hours => n),"
              + " case when n > 50 then now() - make_interval(hours => n) + interval '1 hour'"
              + " end from generate_series(1, 5050) n");
      st.execute("analyze job_runs");
      st.execute("analyze incidents");
    }
  }

  private static long[] time(Http http, String admin, int clients, int requests) throws Exception {
    long[] lat = new long[requests];
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    Future<?>[] parts = new Future<?>[clients];
    for (int c = 0; c < clients; c++) {
      int first = c;
      parts[c] =
          pool.submit(
              () -> {
                for (int i = first; i < requests; i += clients) {
                  long t0 = System.nanoTime();
                  Http.Response r = http.get("/api/v1/install/operations", admin);
                  lat[i] = System.nanoTime() - t0;
                  if (r.status() != 200) {
                    throw new IllegalStateException("status " + r.status() + ": " + r.body());
                  }
                }
                return null;
              });
    }
    for (Future<?> f : parts) {
      f.get(10, TimeUnit.MINUTES);
    }
    pool.shutdown();
    Arrays.sort(lat);
    return lat;
  }

  private static void report(String what, long[] lat) {
    System.out.printf(
        "operations page, %s: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (%d requests)%n",
        what, ms(lat, 50), ms(lat, 95), ms(lat, 99), ms(lat, 100), lat.length);
  }

  private static double ms(long[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
