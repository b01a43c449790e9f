package dev.palisade.api.keys;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.events.Evidence;
import dev.palisade.events.KeyProviderHealth;
import dev.palisade.identity.AccessControl;
import dev.palisade.keys.KeyProvider;
import dev.palisade.keys.Keyrings;
import dev.palisade.keys.OrgKeyProviders;
import dev.palisade.keys.ProviderCheck;
import dev.palisade.keys.ProviderDescription;
import dev.palisade.keys.WrappedKey;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What an organization admin does to the organization's keyring: rotate it, verify its provider
 * live, move it to another provider. Each change commits with its audit entry and then gets a
 * signed receipt.
 */
@Singleton
final class KeyringOperations {
  private final Keyrings keyrings;
  private final OrgKeyProviders providers;
  private final AuditLog audit;
  private final KeyProviderHealth health;
  private final Evidence evidence;
  private final Clock clock;

  KeyringOperations(
      Keyrings keyrings,
      OrgKeyProviders providers,
      AuditLog audit,
      KeyProviderHealth health,
      Evidence evidence,
      Clock clock) {
    this.keyrings = keyrings;
    this.providers = providers;
    this.audit = audit;
    this.health = health;
    this.evidence = evidence;
    this.clock = clock;
  }

  /**
   * The keyring, without key material, and the provider that wraps it. An organization on the
   * install's provider sees it only as {@code install}: the install's library, slot, key label, key
   * ARN or Vault address are the operator's, not the organization's.
   */
  record KeyringView(
      boolean selfManaged, ProviderDescription provider, List<Keyrings.VersionInfo> versions) {}

  /** How the organization's own view names the install's provider. */
  static final ProviderDescription INSTALL =
      new ProviderDescription(OrgKeyProviders.INSTALL, OrgKeyProviders.INSTALL, Map.of());

  KeyringView view(Scope scope) {
    keyrings.current(scope);
    KeyProvider provider = keyrings.provider(scope);
    boolean own = provider != providers.install();
    List<Keyrings.VersionInfo> versions = keyrings.versions(scope);
    if (!own) {
      versions =
          versions.stream()
              .map(
                  v ->
                      new Keyrings.VersionInfo(
                          v.version(), OrgKeyProviders.INSTALL, null, null, v.createdAt()))
              .toList();
    }
    return new KeyringView(own, shown(provider), versions);
  }

  /** The provider as the organization may see it. */
  private ProviderDescription shown(KeyProvider provider) {
    return provider == providers.install() ? INSTALL : provider.describe();
  }

  KeyringView rotate(AccessControl.OrgAccess a) {
    Scope scope = Scope.of(a.org());
    ProviderDescription d = shown(keyrings.provider(scope));
    int rotated =
        audit.change(
            scope,
            h -> keyrings.rotate(scope, h),
            version ->
                AuditEvent.by("user", a.caller().actor())
                    .subject("keyring", scope.id())
                    .publicMetadata(
                        Map.of("version", version, "provider", d.type(), "keyId", d.keyId()))
                    .action("keys.rotated"));
    receipt(a, "keys.rotate", true, Map.of("version", rotated, "provider", d.type()));
    return view(scope);
  }

  ProviderCheck verify(AccessControl.OrgAccess a) {
    Scope scope = Scope.of(a.org());
    KeyProvider provider = keyrings.provider(scope);
    ProviderCheck actual = provider.verify(clock);
    ProviderCheck check =
        provider != providers.install()
            ? actual
            : new ProviderCheck(
                actual.ok(),
                OrgKeyProviders.INSTALL,
                OrgKeyProviders.INSTALL,
                actual.latencyMillis(),
                actual.ok() ? actual.detail() : "the install's key provider failed a round trip",
                actual.checkedAt());
    audit.record(
        scope,
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
    health.verified(scope, actual);
    receipt(
        a,
        "keys.verify",
        check.ok(),
        Map.of("provider", check.type(), "keyId", check.keyId(), "detail", check.detail()));
    return check;
  }

  /**
   * Moves the keyring to {@code target} (the install's own when {@code type} is {@code install}):
   * the new provider must pass a live round trip first; then every keyring version is re-wrapped
   * under it and the settings stored sealed, in one transaction with the audit entry. Sealed data
   * is not touched.
   */
  KeyringView changeProvider(
      AccessControl.OrgAccess a, String type, Map<String, Object> settings, KeyProvider target) {
    Scope scope = Scope.of(a.org());
    boolean toInstall = target == providers.install();
    if (!toInstall) {
      providers.check(type, target);
    }
    ProviderCheck check = target.verify(clock);
    if (!check.ok()) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_FAILED,
          "the new key provider failed a round trip: "
              + (toInstall ? check.detail() : providers.failureShown(type, check.detail())));
    }
    keyrings.current(scope);
    ProviderDescription from = shown(keyrings.provider(scope));
    ProviderDescription to = shown(target);
    WrappedKey sealed = toInstall ? null : providers.seal(scope, settings);
    audit.change(
        scope,
        h -> {
          int versions = keyrings.rewrapAll(scope, h, target);
          providers.store(h, type, to, sealed);
          return versions;
        },
        versions ->
            AuditEvent.by("user", a.caller().actor())
                .subject("key-provider", scope.id())
                .publicMetadata(
                    Map.of(
                        "from", Map.of("type", from.type(), "keyId", from.keyId()),
                        "to", Map.of("type", to.type(), "keyId", to.keyId()),
                        "versionsRewrapped", versions))
                .action("keys.provider_changed"));
    providers.invalidate(scope);
    receipt(
        a,
        "keys.provider.change",
        true,
        Map.of("from", from.type(), "to", to.type(), "toKeyId", to.keyId()));
    return view(scope);
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
}
