package dev.palisade.storage;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves an organization's files to its newly active binding, one batch at a time ({@code
 * migration-workers} objects at once): each object is copied, read back and its SHA-256 compared on
 * the target, then its metadata is switched in the same transaction that records the item, and only
 * if the file is still where the run found it (a file replaced or deleted meanwhile is skipped). A
 * failed object is tried again after a backoff and marked failed after the last attempt; a run with
 * failed items ends {@code failed}. Sources are removed once a run completes, unless the run keeps
 * them. Every step is committed, so a run interrupted at any point continues where it was and never
 * copies a verified object again.
 */
@Singleton
public final class ObjectMigrations {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectMigrations.class);

  private final Databases databases;
  private final Bindings bindings;
  private final StoredObjects objects;
  private final MigrationRuns runs;
  private final BindingClients clients;
  private final StorageHealth health;
  private final StorageConfig config;
  private final Clock clock;
  private final Map<Scope, MigrationRun.Items> latest = new ConcurrentHashMap<>();
  private final ExecutorService workers;

  ObjectMigrations(
      Databases databases,
      Bindings bindings,
      StoredObjects objects,
      MigrationRuns runs,
      BindingClients clients,
      StorageHealth health,
      StorageConfig config,
      Clock clock,
      MeterRegistry meters) {
    this.databases = databases;
    this.bindings = bindings;
    this.objects = objects;
    this.runs = runs;
    this.clients = clients;
    this.health = health;
    this.config = config;
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            config.migrationWorkers(),
            r -> {
              Thread t = new Thread(r, "storage-migration-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    gauge(meters, "pending", MigrationRun.Items::pending);
    gauge(meters, "copied", MigrationRun.Items::copied);
    gauge(meters, "verified", MigrationRun.Items::verified);
    gauge(meters, "failed", MigrationRun.Items::failed);
  }

  private void gauge(MeterRegistry meters, String state, ToLongFunction<MigrationRun.Items> f) {
    Gauge.builder(
            "palisade.storage.migration.items", latest, m -> m.values().stream().mapToLong(f).sum())
        .description("Items of each organization's latest storage migration run, by state")
        .tag("state", state)
        .register(meters);
  }

  @PreDestroy
  void stop() {
    workers.shutdownNow();
  }

  public boolean keepSources() {
    return config.migrationKeepSources();
  }

  /**
   * Works one batch of {@code scope}'s active run; returns the run as it stands afterwards, or
   * empty when the organization has no active run. Stops between objects once {@code cancelled}.
   */
  public Optional<MigrationRun> step(Scope scope, BooleanSupplier cancelled) {
    Optional<MigrationRun> active = databases.read(scope, runs::active);
    if (active.isEmpty()) {
      return Optional.empty();
    }
    UUID id = active.get().id();
    databases.inTransaction(
        scope,
        h -> {
          runs.started(h, id, clock.instant());
          return null;
        });
    Binding target =
        databases.read(scope, h -> bindings.find(h, active.get().targetBindingId()).orElseThrow());
    List<MigrationRuns.Item> due =
        databases.read(scope, h -> runs.due(h, id, clock.instant(), config.migrationBatchSize()));
    List<Future<?>> moving = new ArrayList<>();
    for (MigrationRuns.Item item : due) {
      moving.add(
          workers.submit(
              () -> {
                if (!cancelled.getAsBoolean()) {
                  move(scope, target, item);
                }
              }));
    }
    for (Future<?> f : moving) {
      try {
        f.get();
      } catch (ExecutionException e) {
        LOG.error("a migration item failed unexpectedly: {}", Sanitizer.reason(e.getCause()));
      } catch (InterruptedException e) {
        moving.forEach(m -> m.cancel(true));
        Thread.currentThread().interrupt();
        throw new java.util.concurrent.CancellationException("migration step interrupted");
      }
    }
    MigrationRun now = databases.read(scope, h -> runs.find(h, id).orElseThrow());
    if (now.active() && now.items().pending() == 0) {
      now = finish(scope, now);
    }
    latest.put(scope, now.items());
    return Optional.of(now);
  }

  private void move(Scope scope, Binding target, MigrationRuns.Item item) {
    boolean copied = false;
    try {
      Binding source =
          databases.read(scope, h -> bindings.find(h, item.sourceBindingId()).orElseThrow());
      StorageBinding to = clients.of(scope, target);
      try (InputStream in = clients.of(scope, source).open(item.sourceObject())) {
        HashingInput h = new HashingInput(in, item.size());
        to.put(item.targetObject(), h, item.size());
        if (h.count() != item.size() || !h.sha256().equals(item.sha256())) {
          throw new PlatformException(
              ErrorCode.INTERNAL, "the source object does not match the file's SHA-256");
        }
      }
      copied = true;
      try (InputStream back = to.open(item.targetObject())) {
        HashingInput h = new HashingInput(back, item.size());
        h.transferTo(OutputStream.nullOutputStream());
        if (h.count() != item.size() || !h.sha256().equals(item.sha256())) {
          throw new PlatformException(
              ErrorCode.INTERNAL, "the copy read back from the target has another SHA-256");
        }
      }
      boolean moved =
          databases.inTransaction(
              scope,
              h -> {
                boolean m =
                    objects.move(
                        h,
                        item.key(),
                        item.sourceBindingId(),
                        item.sourceObject(),
                        target.id(),
                        item.targetObject());
                runs.settle(h, item, m ? "verified" : "skipped", true, null);
                return m;
              });
      if (!moved) {
        quietly(() -> to.delete(item.targetObject()));
      }
    } catch (PlatformException e) {
      failed(
          scope,
          target,
          item,
          copied,
          e.errorCode() == ErrorCode.NOT_FOUND
              ? (copied ? "the copy is missing from the target" : "the source object is missing")
              : Sanitizer.reason(e));
    } catch (RuntimeException | IOException e) {
      failed(scope, target, item, copied, Sanitizer.reason(e));
    }
  }

  private void failed(
      Scope scope, Binding target, MigrationRuns.Item item, boolean copied, String reason) {
    String error = clip(reason);
    Optional<StoredObject> current = databases.read(scope, h -> objects.find(h, item.key()));
    boolean unchanged =
        current.isPresent()
            && current.get().bindingId().equals(item.sourceBindingId())
            && current.get().objectName().equals(item.sourceObject());
    if (!unchanged) {
      databases.inTransaction(
          scope,
          h -> {
            runs.settle(h, item, "skipped", copied, null);
            return null;
          });
      quietly(() -> clients.of(scope, target).delete(item.targetObject()));
      return;
    }
    int attempt = item.attempts() + 1;
    databases.inTransaction(
        scope,
        h -> {
          if (attempt >= config.migrationAttempts()) {
            runs.settle(h, item, "failed", copied, error);
          } else {
            runs.retryAt(
                h,
                item,
                copied,
                error,
                clock.instant().plus(config.migrationRetryBackoff().multipliedBy(attempt)));
          }
          return null;
        });
  }

  private MigrationRun finish(Scope scope, MigrationRun run) {
    boolean failed = run.items().failed() > 0;
    boolean ended =
        databases.inTransaction(
            scope, h -> runs.finish(h, run.id(), failed ? "failed" : "completed", clock.instant()));
    if (ended && failed) {
      health.migrationFailed(
          scope,
          run.id(),
          run.items().failed() + " object(s) could not be moved; last error: " + run.lastError());
    } else if (ended) {
      health.migrationCompleted(scope);
      if (!run.keepSources()) {
        removeSources(scope, run.id());
      }
    }
    return databases.read(scope, h -> runs.find(h, run.id()).orElseThrow());
  }

  private void removeSources(Scope scope, UUID run) {
    String after = null;
    while (true) {
      String from = after;
      List<MigrationRuns.Item> page = databases.read(scope, h -> runs.verified(h, run, from, 500));
      if (page.isEmpty()) {
        return;
      }
      for (MigrationRuns.Item item : page) {
        Optional<Binding> source =
            databases.read(scope, h -> bindings.find(h, item.sourceBindingId()));
        source.ifPresent(b -> quietly(() -> clients.of(scope, b).delete(item.sourceObject())));
      }
      after = page.get(page.size() - 1).key();
    }
  }

  private static String clip(String s) {
    return s.length() <= MigrationRun.ERROR_LIMIT ? s : s.substring(0, MigrationRun.ERROR_LIMIT);
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("a storage object could not be removed: {}", Sanitizer.reason(e));
    }
  }
}
