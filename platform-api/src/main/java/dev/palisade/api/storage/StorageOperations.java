package dev.palisade.api.storage;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditText;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.events.Evidence;
import dev.palisade.identity.AccessControl;
import dev.palisade.storage.Binding;
import dev.palisade.storage.BindingClients;
import dev.palisade.storage.Bindings;
import dev.palisade.storage.MigrationRun;
import dev.palisade.storage.MigrationRuns;
import dev.palisade.storage.ObjectMigrations;
import dev.palisade.storage.Probe;
import dev.palisade.storage.StorageBackend;
import dev.palisade.storage.StorageBackends;
import dev.palisade.storage.StorageBinding;
import dev.palisade.storage.StorageHealth;
import dev.palisade.storage.StoredObjects;
import dev.palisade.storage.Validation;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What an organization admin does to the organization's storage: create a binding (validated at
 * once), validate one again, activate one (which starts a migration run when files are elsewhere),
 * cancel a run. Changes commit with their audit entry; an activation then gets a signed receipt.
 */
@Singleton
final class StorageOperations {
  /** How recent a passing validation must be for an activation. */
  static final Duration FRESH = Duration.ofMinutes(10);

  private final StorageBackends backends;
  private final Bindings bindings;
  private final BindingClients clients;
  private final StoredObjects objects;
  private final MigrationRuns runs;
  private final ObjectMigrations migrations;
  private final StorageHealth health;
  private final Databases databases;
  private final AuditLog audit;
  private final Evidence evidence;
  private final Clock clock;

  StorageOperations(
      StorageBackends backends,
      Bindings bindings,
      BindingClients clients,
      StoredObjects objects,
      MigrationRuns runs,
      ObjectMigrations migrations,
      StorageHealth health,
      Databases databases,
      AuditLog audit,
      Evidence evidence,
      Clock clock) {
    this.backends = backends;
    this.bindings = bindings;
    this.clients = clients;
    this.objects = objects;
    this.runs = runs;
    this.migrations = migrations;
    this.health = health;
    this.databases = databases;
    this.audit = audit;
    this.evidence = evidence;
    this.clock = clock;
  }

  /** The organization's storage as shown: active binding, the others, recent migration runs. */
  record StorageView(Binding active, List<Binding> others, List<MigrationRun> migrations) {}

  StorageView view(Scope scope) {
    return databases.read(
        scope,
        h -> {
          List<Binding> all = bindings.list(h);
          return new StorageView(
              all.stream().filter(Binding::active).findFirst().orElse(null),
              all.stream().filter(b -> !b.active()).toList(),
              runs.recent(h, 10));
        });
  }

  Binding create(AccessControl.OrgAccess a, String type, Map<String, Object> values) {
    Scope scope = Scope.of(a.org());
    StorageBackend.Settings settings = backends.admit(scope, type, values);
    Validation v;
    try (StorageBinding probe = clients.unstored(scope, type, settings)) {
      v = Probe.run(probe, clock);
    }
    Binding b =
        new Binding(
            UUID.randomUUID(), type, settings.shown(), Binding.INACTIVE, v, clock.instant(), null);
    return audit.change(
        scope,
        h -> {
          bindings.insert(h, scope, b, settings);
          bindings.recordValidation(h, b.id(), v);
          return b;
        },
        created ->
            AuditEvent.by("user", a.caller().actor())
                .subject("storage-binding", created.id())
                .publicMetadata(
                    Map.of(
                        "type",
                        type,
                        "settings",
                        shownForAudit(settings.shown()),
                        "validation",
                        v.result()))
                .action("storage.binding_created"));
  }

  Binding validate(AccessControl.OrgAccess a, UUID id) {
    Scope scope = Scope.of(a.org());
    Binding b = find(scope, id);
    Validation v = Probe.run(clients.of(scope, b), clock);
    databases.inTransaction(
        scope,
        h -> {
          bindings.recordValidation(h, id, v);
          return null;
        });
    if (b.active()) {
      health.swept(scope, b, v);
    }
    return find(scope, id);
  }

  Binding activate(AccessControl.OrgAccess a, UUID id, String reason) {
    Scope scope = Scope.of(a.org());
    String why = AuditText.required("reason", reason, AuditText.REASON_MAX);
    Binding b = find(scope, id);
    if (b.active()) {
      throw new PlatformException(ErrorCode.CONFLICT, "the binding is already active");
    }
    Validation last = b.validation();
    if (last == null || !last.passed()) {
      health.activationFailed(
          scope, b, last == null ? "never validated" : String.valueOf(last.firstFailure()));
      throw new PlatformException(
          ErrorCode.CONFLICT, "the binding's last validation did not pass; validate it first");
    }
    if (last.checkedAt().isBefore(clock.instant().minus(FRESH))) {
      throw new PlatformException(
          ErrorCode.CONFLICT,
          "the binding's last passing validation is older than 10 minutes; validate it again");
    }
    Binding previous = databases.read(scope, bindings::active);
    boolean keep = migrations.keepSources();
    Optional<UUID> run =
        audit.change(
            scope,
            h -> {
              if (runs.active(h).isPresent()) {
                throw new PlatformException(
                    ErrorCode.CONFLICT, "a migration run is still going; wait or cancel it");
              }
              bindings.activate(h, id, clock.instant());
              return objects.anyOff(h, id)
                  ? Optional.of(runs.create(h, previous.id(), id, keep, clock.instant()))
                  : Optional.<UUID>empty();
            },
            started ->
                AuditEvent.by("user", a.caller().actor())
                    .subject("storage-binding", id)
                    .publicMetadata(migrationMetadata(previous, b, started))
                    .reason(why)
                    .action("storage.binding_activated"));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("from", previous.type());
    details.put("to", b.type());
    details.put("binding", id.toString());
    run.ifPresent(r -> details.put("migration", r.toString()));
    evidence.issue(
        "storage.activate",
        a.caller().actor(),
        a.org().id(),
        "storage of " + a.org().slug(),
        Evidence.SUCCEEDED,
        details);
    return find(scope, id);
  }

  MigrationRun cancel(AccessControl.OrgAccess a, UUID id) {
    Scope scope = Scope.of(a.org());
    return audit.change(
        scope,
        h -> {
          MigrationRun run =
              runs.find(h, id)
                  .orElseThrow(
                      () -> new PlatformException(ErrorCode.NOT_FOUND, "no such migration run"));
          if (!runs.finish(h, id, "cancelled", clock.instant())) {
            throw new PlatformException(
                ErrorCode.CONFLICT,
                "the migration run is " + run.state() + ", not pending or running");
          }
          return runs.find(h, id).orElseThrow();
        },
        run ->
            AuditEvent.by("user", a.caller().actor())
                .subject("storage-migration", id)
                .publicMetadata(
                    Map.of("verified", run.items().verified(), "pending", run.items().pending()))
                .action("storage.migration_cancelled"));
  }

  List<MigrationRun> migrations(Scope scope) {
    return databases.read(scope, h -> runs.recent(h, 50));
  }

  MigrationRun migration(Scope scope, UUID id) {
    return databases
        .read(scope, h -> runs.find(h, id))
        .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no such migration run"));
  }

  private Binding find(Scope scope, UUID id) {
    return databases
        .read(scope, h -> bindings.find(h, id))
        .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no such storage binding"));
  }

  private static Map<String, Object> shownForAudit(Map<String, Object> shown) {
    Map<String, Object> m = new LinkedHashMap<>();
    shown.forEach((k, v) -> m.put(k, v == null ? "" : v));
    return m;
  }

  private static Map<String, Object> migrationMetadata(
      Binding from, Binding to, Optional<UUID> run) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", Map.of("id", from.id().toString(), "type", from.type()));
    m.put("to", Map.of("id", to.id().toString(), "type", to.type()));
    m.put("migration", run.map(UUID::toString).orElse(""));
    return m;
  }
}
