package dev.palisade.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.ServerProcess;
import dev.palisade.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Role changes in one organization over HTTP, 16 clients each toggling its own member: first
 * against one server, then spread over two server processes on the same database. Every change
 * appends to the same chain, so the two instances contend for its head.
 */
final class Instances {
  private static final int CLIENTS = 16;
  private static final int SECONDS = 15;

  /**
   * Changes before each measurement. The second server is a fresh process: with a few seconds its
   * JIT was still compiling through the measured window, so the two-instance figure measured the
   * compiler of one process against the warmed-up other.
   */
  private static final int WARM_UP_SECONDS = 20;

  private Instances() {}

  static void run(TestServer a, String admin) throws Exception {
    a.createOrg(admin, "bench-shared");
    String owner = a.member(admin, "bench-shared", "owner@example.com", "admin");
    for (int i = 0; i < CLIENTS; i++) {
      a.member(owner, "bench-shared", "m" + i + "@example.com", "member");
    }
    List<String> members = new ArrayList<>();
    for (JsonNode m :
        a.http().get("/api/v1/orgs/bench-shared/members?limit=200", owner).json().get("items")) {
      if (m.get("email").asText().startsWith("m")) {
        members.add(m.get("id").asText());
      }
    }
    Http[] one = {a.http()};
    String[] ownerOnOne = {owner};
    changes(one, ownerOnOne, members, WARM_UP_SECONDS);
    double single = changes(one, ownerOnOne, members, SECONDS);
    try (ServerProcess b = ServerProcess.start(a.db(), a.home(), Map.of())) {
      Http[] two = {a.http(), b.http()};
      String[] owners = {owner, login(b.http())};
      changes(two, owners, members, WARM_UP_SECONDS);
      double both = changes(two, owners, members, SECONDS);
      System.out.printf(
          "role changes, 16 clients: one instance %.0f/s, two instances %.0f/s, ratio %.2f%n",
          single, both, both / single);
    }
  }

  private static String login(Http http) {
    return http.post(
            "/api/v1/auth/login",
            Http.json(
                "email",
                "owner@example.com",
                "password",
                TestServer.PASSWORD,
                "org",
                "bench-shared"),
            null)
        .json()
        .get("accessToken")
        .asText();
  }

  /** Changes per second over {@code seconds}; fails on any answer but 200. */
  private static double changes(Http[] to, String[] tokens, List<String> members, int seconds)
      throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong done = new AtomicLong();
    AtomicInteger sent = new AtomicInteger();
    Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    for (int c = 0; c < CLIENTS; c++) {
      String member = members.get(c);
      pool.execute(
          () -> {
            while (!stop.get()) {
              int n = sent.getAndIncrement();
              int which = n % to.length;
              Http.Response r =
                  to[which].patch(
                      "/api/v1/orgs/bench-shared/members/" + member,
                      Http.json("role", n % 4 < 2 ? "auditor" : "member", "reason", "bench " + n),
                      tokens[which]);
              statuses.computeIfAbsent(r.status(), k -> new AtomicLong()).incrementAndGet();
              done.incrementAndGet();
            }
          });
    }
    long[] cpu0 = machineCpu();
    long start = System.nanoTime();
    TimeUnit.SECONDS.sleep(seconds);
    stop.set(true);
    long count = done.get();
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    pool.awaitTermination(60, TimeUnit.SECONDS);
    if (!statuses.keySet().equals(java.util.Set.of(200))) {
      throw new IllegalStateException("answers other than 200: " + statuses);
    }
    long[] cpu1 = machineCpu();
    if (seconds == SECONDS) {
      double busy = (double) (cpu1[1] - cpu0[1]) / Math.max(1, cpu1[0] - cpu0[0]);
      System.out.printf(
          "  %d instance(s): %.0f changes/s, machine CPU busy %.2f of %d cores%n",
          to.length,
          count / elapsed,
          busy * Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().availableProcessors());
    }
    return count / elapsed;
  }

  /**
   * Jiffies of the whole machine from {@code /proc/stat}: total and busy (all but idle and iowait);
   * zeros where there is no such file. Shows whether a figure is bound by the processors (servers,
   * PostgreSQL and clients all share them here).
   */
  private static long[] machineCpu() {
    try {
      String[] f =
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat"))
              .get(0)
              .trim()
              .split("\\s+");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      return new long[] {total, total - idle};
    } catch (java.io.IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }
}
