package dev.palisade.bench;

import dev.palisade.audit.AuditLog;
import dev.palisade.backup.Backup;
import dev.palisade.backup.BackupConfig;
import dev.palisade.backup.Backups;
import dev.palisade.backup.RestoreValidations;
import dev.palisade.backup.Validation;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import dev.palisade.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Backup benchmarks on a real PostgreSQL (the one the tests use) with Debian's pg_dump. Not a test:
 * run with bench/backup.sh. Prints one line per figure.
 *
 * <p>An organization's chain is bulk-loaded with N valid entries (default 1,000,000, the loader of
 * {@link AuditBenchmark}: COPY of rows whose hashes are computed with the normal encoder, one
 * signed checkpoint at the head; then one entry appended through the audit log, so the newest
 * sealed metadata is real), next to {@value #SMALL_ORGS} small organizations. Then, in {@code
 * rounds} alternating rounds, a Palisade backup of the install (the {@code Backups} service itself,
 * as the API and the job run it) and a plain {@code pg_dump -Fd -j<palisade.backup.jobs>} of the
 * same databases one after the other, into the same file system; the ratio of the medians is the
 * overhead. Finally the newest backup is validated, with the time of each step.
 */
public final class BackupBenchmark {
  private static final int SMALL_ORGS = 3;

  private BackupBenchmark() {}

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path scratch = Files.createTempDirectory("palisade-bench-backup");
    try (TestServer server =
        TestServer.start(
            Map.of(
                "palisade.backup.directory",
                scratch.resolve("backups").toString(),
                "palisade.backup.keep",
                rounds + 1,
                "palisade.backup.validate-wait",
                "1h"))) {
      String admin = server.installAdmin();
      for (int i = 1; i <= SMALL_ORGS; i++) {
        server.createOrg(admin, "bench-small-" + i);
      }
      Scope big = AuditBenchmark.bulkChain(server, admin, entries);
      // the loader's sealed bytes are filler; one real append gives the unseal step a real entry
      server.context().getBean(AuditLog.class).record(big, AuditBenchmark.event(entries + 1L));
      List<String> databases = new ArrayList<>();
      databases.add(server.db().name());
      server.context().getBean(Organizations.class).forEach(o -> databases.add(name(o)));
      Backups backups = server.context().getBean(Backups.class);
      int jobs = server.context().getBean(BackupConfig.class).jobs();
      double[] palisade = new double[rounds];
      double[] plain = new double[rounds];
      Backup last = null;
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        last = start(backups).done().get();
        palisade[r] = (System.nanoTime() - t0) / 1e9;
        if (!Backup.COMPLETED.equals(last.state())) {
          throw new IllegalStateException("the backup failed: " + last.detail());
        }
        Path dir = Files.createDirectories(scratch.resolve("plain-" + r));
        t0 = System.nanoTime();
        for (String db : databases) {
          pgDump(server.db().url(), db, jobs, dir.resolve(db));
        }
        plain[r] = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "round %d: palisade backup %.2f s (%d bytes, %d databases), plain pg_dump -Fd -j%d"
                + " %.2f s (%d bytes), ratio %.3f%n",
            r + 1,
            palisade[r],
            last.sizeBytes(),
            databases.size(),
            jobs,
            plain[r],
            size(dir),
            palisade[r] / plain[r]);
        deleteTree(dir);
      }
      System.out.printf(
          "backup median: palisade %.2f s, plain pg_dump %.2f s, ratio %.3f (goal <= 1.15)%n",
          median(palisade), median(plain), median(palisade) / median(plain));
      RestoreValidations validations = server.context().getBean(RestoreValidations.class);
      long t0 = System.nanoTime();
      Validation v =
          validations
              .start(last.id(), "manual", "system:bench", () -> false)
              .orElseThrow()
              .done()
              .get();
      double s = (System.nanoTime() - t0) / 1e9;
      for (Validation.Step step : v.steps()) {
        System.out.printf(
            "  step %-11s %-40s %-7s %8.2f s  %s%n",
            step.name(),
            step.database() == null ? "-" : step.database(),
            step.result(),
            step.durationMillis() / 1e3,
            step.detail());
      }
      System.out.printf(
          "validation of a backup with a %d-entry chain: %s in %.2f s (pg_restore %.2f s)%n",
          entries, v.state(), s, v.restoreMillis() / 1e3);
    } finally {
      deleteTree(scratch);
    }
    System.exit(0);
  }

  /**
   * Starts a backup once the previous one let go of its lock (just after its state is recorded).
   */
  private static Backups.Started start(Backups backups) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      var started = backups.start("manual", "system:bench", () -> false);
      if (started.isPresent()) {
        return started.get();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the previous backup still holds the lock");
  }

  private static String name(Organization o) {
    return o.databaseName();
  }

  /** A plain directory-format dump of one database, as an operator would run it. */
  private static void pgDump(String jdbcUrl, String db, int jobs, Path dir) throws Exception {
    URI u = URI.create(jdbcUrl.substring("jdbc:".length()));
    String user = "postgres";
    if (u.getQuery() != null) {
      for (String kv : u.getQuery().split("&")) {
        if (kv.startsWith("user=")) {
          user = kv.substring(5);
        }
      }
    }
    Process p =
        new ProcessBuilder(
                "/usr/bin/pg_dump",
                "--host=" + u.getHost(),
                "--port=" + u.getPort(),
                "--username=" + user,
                "--no-password",
                "--format=directory",
                "--jobs=" + jobs,
                "--file=" + dir,
                db)
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(
          "pg_dump of " + db + " failed: exit " + p.exitValue() + ": " + output);
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
