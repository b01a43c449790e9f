package dev.palisade.health;

import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.InstallDatabase;
import dev.palisade.tenancy.Migrations;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the dependency state behind the readiness probe in the background, so that probes only
 * read memory. Each check runs on its own worker with a deadline: a hung database marks the state
 * down within one check timeout, and a worker stuck in I/O is replaced rather than waited for. The
 * state also goes stale if refreshes stop, which the probe reports as not ready.
 */
@Context
public final class DependencyMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(DependencyMonitor.class);

  private final InstallDatabase install;
  private final HealthConfig config;
  private final Clock clock;
  private final ScheduledExecutorService ticker;
  private ExecutorService worker;
  private volatile List<DependencyStatus> state;

  /** When {@link #state} was refreshed, on the monotonic clock: staleness is elapsed time. */
  private volatile long refreshedNanos;

  private volatile boolean lastUp = true;

  DependencyMonitor(InstallDatabase install, HealthConfig config, Clock clock) {
    this.install = install;
    this.config = config;
    this.clock = clock;
    this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("palisade-health-ticker"));
    this.worker = Executors.newSingleThreadExecutor(daemon("palisade-health-check"));
    refresh();
    long every = config.refreshInterval().toMillis();
    ticker.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
  }

  /** The latest state, or an empty list before the first refresh. */
  public List<DependencyStatus> state() {
    return state == null ? List.of() : state;
  }

  /** Ready when every dependency is up and the state is fresh. */
  public boolean ready() {
    List<DependencyStatus> s = state;
    if (s == null || s.isEmpty()) {
      return false;
    }
    boolean fresh = System.nanoTime() - refreshedNanos < config.staleAfter().toNanos();
    return fresh && s.stream().allMatch(DependencyStatus::up);
  }

  void refresh() {
    long started = System.nanoTime();
    DependencyStatus db;
    Future<String> check = worker.submit(this::checkInstallDatabase);
    try {
      String problem = check.get(config.checkTimeout().toMillis(), TimeUnit.MILLISECONDS);
      db = status("install-database", problem == null, started, problem);
    } catch (TimeoutException e) {
      check.cancel(true);
      worker.shutdownNow();
      worker = Executors.newSingleThreadExecutor(daemon("palisade-health-check"));
      db = status("install-database", false, started, "no answer within " + config.checkTimeout());
    } catch (Exception e) {
      db = status("install-database", false, started, "check failed");
    }
    state = List.of(db);
    refreshedNanos = System.nanoTime();
    if (db.up() != lastUp) {
      lastUp = db.up();
      if (db.up()) {
        LOG.info("install database is reachable again");
      } else {
        LOG.error("install database is not ready: {}", db.detail());
      }
    }
  }

  /** Null when healthy, else a sanitized description. */
  private String checkInstallDatabase() {
    try {
      String applied =
          install
              .jdbi()
              .withHandle(
                  h -> {
                    h.createQuery("select 1")
                        .setQueryTimeout((int) Math.max(1, config.checkTimeout().toSeconds()))
                        .mapTo(Integer.class)
                        .one();
                    return Migrations.appliedVersion(h);
                  });
      if (!applied.equals(install.latestMigration())) {
        return "schema version " + applied + ", expected " + install.latestMigration();
      }
      return null;
    } catch (RuntimeException e) {
      return "unreachable (SQLState " + PlatformException.sqlState(e) + ")";
    }
  }

  private DependencyStatus status(String name, boolean up, long started, String detail) {
    long ms = (System.nanoTime() - started) / 1_000_000;
    return new DependencyStatus(name, up, ms, detail, clock.instant());
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @PreDestroy
  void stop() {
    ticker.shutdownNow();
    worker.shutdownNow();
  }
}
