package dev.palisade.health;

import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.InstallDatabase;
import dev.palisade.tenancy.Migrations;
import dev.palisade.tenancy.TenantConnections;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
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
 *
 * <p>Each refresh also times a {@code select 1} on one organization database that has an idle
 * pooled connection (a different one each time, none when no organization pool is open), so that
 * {@code palisade_database_latency_seconds{database="install"|"tenant"}} shows both kinds; the
 * tenant check is reported in the detailed probe only and never decides readiness, since every
 * organization database lives on the install database's server.
 */
@Context
public final class DependencyMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(DependencyMonitor.class);

  private final InstallDatabase install;
  private final TenantConnections tenants;
  private final Timer installLatency;
  private final Timer tenantLatency;
  private int nextTenant;
  private volatile DependencyStatus tenant;
  private final HealthConfig config;
  private final Clock clock;
  private final ScheduledExecutorService ticker;
  private ExecutorService worker;
  private volatile List<DependencyStatus> state;

  /** When {@link #state} was refreshed, on the monotonic clock: staleness is elapsed time. */
  private volatile long refreshedNanos;

  private volatile boolean lastUp = true;

  DependencyMonitor(
      InstallDatabase install,
      TenantConnections tenants,
      HealthConfig config,
      Clock clock,
      MeterRegistry registry) {
    this.install = install;
    this.tenants = tenants;
    this.installLatency = latency(registry, "install");
    this.tenantLatency = latency(registry, "tenant");
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

  /** The latest check of an organization database, if one had an idle connection to check. */
  public Optional<DependencyStatus> tenantState() {
    return Optional.ofNullable(tenant);
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
    DependencyStatus db = check("install-database", this::checkInstallDatabase, installLatency);
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
    // the same server: while it is down, a tenant check would only wait for the same answer
    if (db.up()) {
      Optional<String> database = idleTenantDatabase();
      if (database.isPresent()) {
        tenant = check("tenant-database", () -> checkTenantDatabase(database.get()), tenantLatency);
      }
    }
  }

  /** Runs one check on the worker within the deadline; a check that hangs replaces the worker. */
  private DependencyStatus check(String name, Callable<String> work, Timer latency) {
    long started = System.nanoTime();
    Future<String> check = worker.submit(work);
    DependencyStatus out;
    try {
      String problem = check.get(config.checkTimeout().toMillis(), TimeUnit.MILLISECONDS);
      out = status(name, problem == null, started, problem);
    } catch (TimeoutException e) {
      check.cancel(true);
      worker.shutdownNow();
      worker = Executors.newSingleThreadExecutor(daemon("palisade-health-check"));
      out = status(name, false, started, "no answer within " + config.checkTimeout());
    } catch (Exception e) {
      out = status(name, false, started, "check failed");
    }
    latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    return out;
  }

  /** An organization database with an idle pooled connection, taking turns among them. */
  private Optional<String> idleTenantDatabase() {
    List<String> idle = new ArrayList<>();
    for (TenantConnections.PoolStats p : tenants.stats()) {
      if (p.open() > p.inUse()) {
        idle.add(p.database());
      }
    }
    if (idle.isEmpty()) {
      return Optional.empty();
    }
    nextTenant = (nextTenant + 1) % idle.size();
    return Optional.of(idle.get(nextTenant));
  }

  private String checkTenantDatabase(String database) {
    Connection c = null;
    try {
      c = tenants.borrow(database);
      try (Statement st = c.createStatement()) {
        st.setQueryTimeout((int) Math.max(1, config.checkTimeout().toSeconds()));
        try (ResultSet rs = st.executeQuery("select 1")) {
          rs.next();
        }
      }
      return null;
    } catch (Exception e) {
      return "unreachable (SQLState " + PlatformException.sqlState(e) + ")";
    } finally {
      if (c != null) {
        tenants.giveBack(database, c);
      }
    }
  }

  private static Timer latency(MeterRegistry registry, String database) {
    return Timer.builder("palisade.database.latency")
        .description("Time of the readiness refresh's check of a database, by kind")
        .tag("database", database)
        .register(registry);
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
