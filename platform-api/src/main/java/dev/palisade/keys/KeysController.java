package dev.palisade.keys;

import dev.palisade.audit.AuditChain;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.ChainDatabases;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Permission;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** An organization's keyring: list versions, rotate, and verify the provider live. */
@Controller("/api/v1/orgs/{slug}/keys")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class KeysController {
  private final AccessControl access;
  private final Keyrings keyrings;
  private final AuditLog audit;
  private final ChainDatabases databases;

  KeysController(
      AccessControl access, Keyrings keyrings, AuditLog audit, ChainDatabases databases) {
    this.access = access;
    this.keyrings = keyrings;
    this.audit = audit;
    this.databases = databases;
  }

  /** The keyring, without key material, and the provider that wraps it. */
  record KeyringView(ProviderDescription provider, List<Keyrings.VersionInfo> versions) {}

  @Get
  KeyringView get(Authentication auth, String slug) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.KEYS_MANAGE);
    AuditChain chain = AuditChain.of(a.org());
    keyrings.current(chain.id(), databases.of(chain));
    try (Connection c = databases.open(chain)) {
      return new KeyringView(keyrings.provider().describe(), keyrings.versions(c));
    } catch (SQLException e) {
      throw new PlatformException(ErrorCode.DEPENDENCY_UNAVAILABLE, "keyring unavailable", e);
    }
  }

  @Post("/rotate")
  KeyringView rotate(Authentication auth, String slug) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.KEYS_MANAGE);
    AuditChain chain = AuditChain.of(a.org());
    audit.change(
        chain,
        c -> keyrings.rotate(chain.id(), c),
        version ->
            AuditEvent.by("user", a.caller().actor())
                .subject("keyring", chain.id())
                .publicMetadata(
                    Map.of(
                        "version", version,
                        "provider", keyrings.provider().type(),
                        "keyId", keyrings.provider().describe().keyId()))
                .action("keys.rotated"));
    return get(auth, slug);
  }

  @Post("/verify")
  ProviderCheck verify(Authentication auth, String slug) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.KEYS_MANAGE);
    ProviderCheck check = keyrings.provider().verify();
    audit.record(
        AuditChain.of(a.org()),
        AuditEvent.by("user", a.caller().actor())
            .subject("key-provider", check.type())
            .publicMetadata(
                Map.of(
                    "ok",
                    check.ok(),
                    "latencyMillis",
                    check.latencyMillis(),
                    "keyId",
                    check.keyId()))
            .reason(check.ok() ? null : check.detail())
            .action("keys.verified"));
    return check;
  }
}
