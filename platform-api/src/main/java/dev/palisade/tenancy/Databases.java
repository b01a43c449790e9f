package dev.palisade.tenancy;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;

/**
 * The one way to reach a scope's database: {@link #of(Scope)} gives the {@link Jdbi} of the install
 * database or of one organization's database (pooled by {@link TenantConnections}), and {@link
 * #inTransaction} / {@link #read} run work on it. Repositories take the {@code Handle} they are
 * given, so the caller owns the transaction. Thread-safe.
 */
@Singleton
public final class Databases {
  private final Jdbi install;
  private final TenantConnections tenants;
  private final Map<String, Jdbi> byDatabase = new ConcurrentHashMap<>();

  Databases(InstallDatabase install, TenantConnections tenants) {
    this.install = install.jdbi();
    this.tenants = tenants;
  }

  public Jdbi of(Scope scope) {
    return scope.isInstall() ? install : tenant(scope.org().databaseName());
  }

  public Jdbi install() {
    return install;
  }

  /** Runs {@code work} in one transaction on the scope's database: committed if it returns. */
  public <T> T inTransaction(Scope scope, HandleCallback<T, RuntimeException> work) {
    return of(scope).inTransaction(work);
  }

  /** Runs {@code work} on the scope's database without an explicit transaction. */
  public <T> T read(Scope scope, HandleCallback<T, RuntimeException> work) {
    return of(scope).withHandle(work);
  }

  private Jdbi tenant(String database) {
    return byDatabase.computeIfAbsent(database, tenants::jdbi);
  }

  /** Forgets a database that was dropped. */
  void forget(String database) {
    byDatabase.remove(database);
    tenants.closeDatabase(database);
  }
}
