package dev.palisade.functions;

import dev.palisade.tenancy.InstallDatabase;
import dev.palisade.tenancy.TenantConnections;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CRaC hooks for Lambda SnapStart, registered by {@code micronaut-crac}: before the snapshot the
 * install pool is suspended and its idle connections closed, and every idle tenant connection is
 * closed, so that no restored environment holds a socket of the snapshot; after the restore the
 * install pool opens connections again. The KMS client needs no hook: the AWS SDK opens a new
 * connection when a kept-alive one turns out broken, and takes its credentials from the runtime.
 */
@Singleton
final class SnapStartHooks implements OrderedResource {
  private static final Logger LOG = LoggerFactory.getLogger(SnapStartHooks.class);

  private final InstallDatabase install;
  private final TenantConnections tenants;

  SnapStartHooks(InstallDatabase install, TenantConnections tenants) {
    this.install = install;
    this.tenants = tenants;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    install.suspend();
    tenants.closeIdle();
    LOG.info("before the snapshot: database connections closed");
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    install.resume();
    LOG.info("after the restore: database pools open again");
  }
}
