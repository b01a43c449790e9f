package dev.palisade.api.health;

import dev.palisade.events.KeyProviderHealth;
import dev.palisade.health.DependencyMonitor;
import dev.palisade.health.DependencyStatus;
import dev.palisade.identity.AccessControl;
import dev.palisade.tenancy.InstallDatabase;
import dev.palisade.tenancy.TenantConnections;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Health probes. {@code live} and {@code ready} are anonymous and read memory only; {@code
 * detailed} is for install admins: it adds the check of an organization database, pool statistics
 * and the state of the install's key provider.
 */
@Controller("/api/health")
final class HealthController {
  private static final Map<String, String> LIVE = Map.of("status", "ok");

  private final DependencyMonitor monitor;
  private final AccessControl access;
  private final InstallDatabase install;
  private final TenantConnections tenants;
  private final KeyProviderHealth keyProvider;

  HealthController(
      DependencyMonitor monitor,
      AccessControl access,
      InstallDatabase install,
      TenantConnections tenants,
      KeyProviderHealth keyProvider) {
    this.monitor = monitor;
    this.keyProvider = keyProvider;
    this.access = access;
    this.install = install;
    this.tenants = tenants;
  }

  @Get("/live")
  @Secured(SecurityRule.IS_ANONYMOUS)
  Map<String, String> live() {
    return LIVE;
  }

  @Get("/ready")
  @Secured(SecurityRule.IS_ANONYMOUS)
  HttpResponse<Map<String, Object>> ready() {
    boolean ready = monitor.ready();
    Map<String, Object> body = Readiness.body(ready, monitor.state());
    return HttpResponse.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
  }

  @Get("/detailed")
  @Secured(SecurityRule.IS_AUTHENTICATED)
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<Map<String, Object>> detailed(Authentication auth) {
    access.requireInstallAdmin(auth);
    boolean ready = monitor.ready();
    var pool = install.dataSource();
    var hikari = ((com.zaxxer.hikari.HikariDataSource) pool).getHikariPoolMXBean();
    Map<String, Object> installPool = new LinkedHashMap<>();
    installPool.put("max", install.poolSize());
    installPool.put("active", hikari == null ? 0 : hikari.getActiveConnections());
    installPool.put("idle", hikari == null ? 0 : hikari.getIdleConnections());
    installPool.put("waiting", hikari == null ? 0 : hikari.getThreadsAwaitingConnection());
    Map<String, Object> tenantPool = new LinkedHashMap<>();
    tenantPool.put("cap", tenants.cap());
    tenantPool.put("open", tenants.openConnections());
    tenantPool.put("databases", tenants.stats());
    List<DependencyStatus> checks = new ArrayList<>(monitor.state());
    monitor.tenantState().ifPresent(checks::add);
    Map<String, Object> body = Readiness.body(ready, checks);
    body.put("pools", Map.of("install", installPool, "tenants", tenantPool));
    body.put("keyProvider", keyProvider.installStatus());
    return HttpResponse.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
  }
}
