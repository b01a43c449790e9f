package dev.palisade.keys;

import dev.palisade.audit.AuditChain;
import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.ChainDatabases;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.events.Evidence;
import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Permission;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * An organization's keyring: list versions, rotate, verify the provider live, and point the
 * organization at its own provider (self-managed keys). Needs {@code keys:manage}.
 */
@Controller("/api/v1/orgs/{slug}/keys")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class KeysController {
  private final AccessControl access;
  private final Keyrings keyrings;
  private final OrgKeyProviders providers;
  private final AuditLog audit;
  private final ChainDatabases databases;
  private final ProviderHealth health;
  private final Evidence evidence;

  KeysController(
      AccessControl access,
      Keyrings keyrings,
      OrgKeyProviders providers,
      AuditLog audit,
      ChainDatabases databases,
      ProviderHealth health,
      Evidence evidence) {
    this.access = access;
    this.keyrings = keyrings;
    this.providers = providers;
    this.audit = audit;
    this.databases = databases;
    this.health = health;
    this.evidence = evidence;
  }

  /** Issues the signed receipt of a key operation that has been committed (or has failed). */
  private void receipt(
      AccessControl.OrgAccess a, String operation, boolean ok, Map<String, Object> details) {
    evidence.issue(
        operation,
        a.caller().actor(),
        a.org().id(),
        "keyring of " + a.org().slug(),
        ok ? Evidence.SUCCEEDED : Evidence.FAILED,
        details);
  }

  /** The keyring, without key material, and the provider that wraps it. */
  record KeyringView(
      boolean selfManaged, ProviderDescription provider, List<Keyrings.VersionInfo> versions) {}

  /**
   * {@code type} is install, vault, awskms or pkcs11; {@code settings} as in docs/key-providers.md.
   */
  record ProviderChange(@Nullable String type, @Nullable Map<String, Object> settings) {
    @Override
    public String toString() {
      return "ProviderChange[type=" + type + "]";
    }
  }

  @Get
  KeyringView get(Authentication auth, String slug) {
    return view(access.requireOrg(auth, slug, Permission.KEYS_MANAGE));
  }

  private KeyringView view(AccessControl.OrgAccess a) {
    AuditChain chain = AuditChain.of(a.org());
    keyrings.current(chain.id(), databases.of(chain));
    KeyProvider provider = keyrings.provider(chain.id(), databases.of(chain));
    try (Connection c = databases.open(chain)) {
      return new KeyringView(
          provider != providers.install(), provider.describe(), keyrings.versions(c));
    } catch (SQLException e) {
      throw new PlatformException(ErrorCode.DEPENDENCY_UNAVAILABLE, "keyring unavailable", e);
    }
  }

  @Post("/rotate")
  KeyringView rotate(Authentication auth, String slug) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.KEYS_MANAGE);
    AuditChain chain = AuditChain.of(a.org());
    ProviderDescription d = keyrings.provider(chain.id(), databases.of(chain)).describe();
    int rotated =
        audit.change(
            chain,
            c -> keyrings.rotate(chain.id(), c),
            version ->
                AuditEvent.by("user", a.caller().actor())
                    .subject("keyring", chain.id())
                    .publicMetadata(
                        Map.of("version", version, "provider", d.type(), "keyId", d.keyId()))
                    .action("keys.rotated"));
    receipt(a, "keys.rotate", true, Map.of("version", rotated, "provider", d.type()));
    return view(a);
  }

  @Post("/verify")
  ProviderCheck verify(Authentication auth, String slug) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.KEYS_MANAGE);
    AuditChain chain = AuditChain.of(a.org());
    ProviderCheck check = keyrings.provider(chain.id(), databases.of(chain)).verify();
    audit.record(
        chain,
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
    health.verified(chain.id(), check);
    receipt(
        a,
        "keys.verify",
        check.ok(),
        Map.of("provider", check.type(), "keyId", check.keyId(), "detail", check.detail()));
    return check;
  }

  /**
   * Moves the organization's keyring to another provider: the new provider must pass a live round
   * trip first; then every keyring version is re-wrapped under it and the settings stored sealed,
   * in one transaction with the audit entry. Sealed data is not touched.
   */
  @Put("/provider")
  KeyringView changeProvider(Authentication auth, String slug, @Body ProviderChange request) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.KEYS_MANAGE);
    AuditChain chain = AuditChain.of(a.org());
    if (request.type() == null) {
      throw PlatformException.invalidField("type", "is required");
    }
    boolean toInstall = OrgKeyProviders.INSTALL.equals(request.type());
    KeyProvider target =
        toInstall
            ? providers.install()
            : providers.build(OrgKeyProviders.settings(request.type(), request.settings()));
    try {
      return moveTo(a, chain, toInstall, request, target);
    } finally {
      if (!toInstall && target instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // the cached instance is rebuilt from the stored settings
        }
      }
    }
  }

  private KeyringView moveTo(
      AccessControl.OrgAccess a,
      AuditChain chain,
      boolean toInstall,
      ProviderChange request,
      KeyProvider target) {
    ProviderCheck check = target.verify();
    if (!check.ok()) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_FAILED,
          "the new key provider failed a round trip: " + check.detail());
    }
    keyrings.current(chain.id(), databases.of(chain));
    ProviderDescription from = keyrings.provider(chain.id(), databases.of(chain)).describe();
    ProviderDescription to = target.describe();
    WrappedKey sealed = toInstall ? null : providers.seal(chain.id(), request.settings());
    audit.change(
        chain,
        c -> {
          int versions = keyrings.rewrapAll(chain.id(), c, target);
          store(c, toInstall, request.type(), to, sealed);
          return versions;
        },
        versions ->
            AuditEvent.by("user", a.caller().actor())
                .subject("key-provider", chain.id())
                .publicMetadata(
                    Map.of(
                        "from", Map.of("type", from.type(), "keyId", from.keyId()),
                        "to", Map.of("type", to.type(), "keyId", to.keyId()),
                        "versionsRewrapped", versions))
                .action("keys.provider_changed"));
    providers.invalidate(chain.id());
    receipt(
        a,
        "keys.provider.change",
        true,
        Map.of("from", from.type(), "to", to.type(), "toKeyId", to.keyId()));
    return view(a);
  }

  private static void store(
      Connection c, boolean toInstall, String type, ProviderDescription to, WrappedKey sealed)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("delete from key_provider")) {
      ps.executeUpdate();
    }
    if (toInstall) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into key_provider (id, type, description, sealed_provider, sealed_kek_id,"
                + " sealed_version, sealed_settings) values (1, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, type);
      ps.setString(2, to.type() + " " + to.keyId());
      ps.setString(3, sealed.provider());
      ps.setString(4, sealed.keyId());
      ps.setString(5, sealed.kekVersion());
      ps.setBytes(6, sealed.ciphertext());
      ps.executeUpdate();
    }
  }
}
