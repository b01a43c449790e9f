package dev.palisade.audit;

import dev.palisade.keys.Keyrings;
import dev.palisade.tenancy.InstallDatabase;
import dev.palisade.tenancy.TenantDatabases;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;

/** Connections to the database that holds a chain. */
@Singleton
public final class ChainDatabases {
  private final InstallDatabase install;
  private final TenantDatabases tenants;

  ChainDatabases(InstallDatabase install, TenantDatabases tenants) {
    this.install = install;
    this.tenants = tenants;
  }

  public Connection open(AuditChain chain) throws SQLException {
    return chain.isInstall() ? install.connection() : tenants.connection(chain.org());
  }

  public Keyrings.Database of(AuditChain chain) {
    return () -> open(chain);
  }
}
