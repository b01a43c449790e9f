package dev.palisade.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * Self-managed keys: an organization may hold its key-encryption key in its own Vault, KMS or
 * PKCS#11 token. The choice lives in the organization's {@code key_provider} table, its settings
 * sealed by the install's provider; built providers are cached per scope until the settings change.
 * The install's own provider serves every scope without such a row.
 */
@Singleton
public final class OrgKeyProviders implements AutoCloseable {
  /** The type name that means "the install's own provider". */
  public static final String INSTALL = "install";

  private final KeyBackends backends;
  private final KeyProvider install;
  private final Databases databases;
  private final ObjectMapper json;
  private final ApplicationEventPublisher<KeyProviderOutcome> outcomes;
  private final Map<Scope, KeyProvider> cache = new ConcurrentHashMap<>();

  /** {@code backends} comes first so that an unknown provider type fails the boot by name. */
  OrgKeyProviders(
      KeyBackends backends,
      KeyProvider install,
      Databases databases,
      ObjectMapper json,
      ApplicationEventPublisher<KeyProviderOutcome> outcomes) {
    this.backends = backends;
    this.install = backends.metered(install);
    this.databases = databases;
    this.json = json;
    this.outcomes = outcomes;
  }

  /** The provider of {@code scope}: the organization's own when it set one, else the install's. */
  public KeyProvider providerFor(Scope scope) {
    if (scope.isInstall()) {
      return install;
    }
    KeyProvider cached = cache.get(scope);
    return cached != null ? cached : databases.read(scope, h -> providerFor(scope, h));
  }

  /** The same, on the caller's handle (inside its transaction). */
  public KeyProvider providerFor(Scope scope, Handle h) {
    if (scope.isInstall()) {
      return install;
    }
    return cache.computeIfAbsent(scope, s -> load(s, h));
  }

  /**
   * The provider that the {@code key_provider} table in the database {@code h} is on describes (the
   * install's own when it has no row), built now and not cached: for a copy of an organization's
   * database, such as one restored from a backup. Give it back with {@link #release}.
   */
  public KeyProvider loadFrom(Scope scope, Handle h) {
    return scope.isInstall() ? install : load(scope, h);
  }

  /** Closes a provider from {@link #loadFrom} unless it is the install's own. */
  public void release(KeyProvider provider) {
    closeQuietly(provider);
  }

  private KeyProvider load(Scope scope, Handle h) {
    Optional<Stored> stored =
        h.createQuery(
                "select type, sealed_provider, sealed_kek_id, sealed_version, sealed_settings"
                    + " from key_provider where id = 1")
            .map(
                (rs, ctx) ->
                    new Stored(
                        rs.getString(1),
                        new WrappedKey(
                            rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5))))
            .findOne();
    if (stored.isEmpty()) {
      return install;
    }
    byte[] plain = install.unwrap(stored.get().sealed(), context(scope));
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> settings = json.readValue(plain, Map.class);
      KeyProviderSettings allowed;
      try {
        allowed =
            backends.storedOrganizationSettings(
                scope.orgId().orElseThrow(), stored.get().type(), settings);
      } catch (PlatformException e) {
        // raised like any provider failure: a security event and an incident for the organization
        outcomes.publishEvent(new KeyProviderOutcome(scope, stored.get().type(), e));
        throw e;
      }
      return backends.create(allowed);
    } catch (IOException e) {
      throw new PlatformException(
          ErrorCode.INTERNAL, "stored key provider settings are unreadable", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private record Stored(String type, WrappedKey sealed) {}

  /**
   * Typed settings of a self-managed provider from an organization admin's request body, checked
   * against what this install offers organizations (422 naming the field).
   */
  public KeyProviderSettings settings(Scope scope, String type, Map<String, Object> values) {
    return backends.organizationSettings(scope.orgId().orElseThrow(), type, values);
  }

  /**
   * Checks what a new provider of {@code type} depends on before its settings are stored (a 422
   * naming the setting STS or the like refused); see {@link KeyBackend#checkForOrganization}.
   */
  public void check(String type, KeyProvider provider) {
    backends.checkForOrganization(type, provider);
  }

  /** What an organization admin is told when a new provider of {@code type} fails. */
  public String failureShown(String type, String detail) {
    return backends.organizationFailure(type, detail);
  }

  /** Builds (without contacting) a provider; the caller closes it when it is closeable. */
  public KeyProvider build(KeyProviderSettings settings) {
    return backends.create(settings);
  }

  /** Seals {@code settings} under the install's provider, for {@link #store}. */
  public WrappedKey seal(Scope scope, Map<String, Object> settings) {
    try {
      byte[] plain = json.writeValueAsBytes(new LinkedHashMap<>(settings));
      try {
        return install.wrap(plain, context(scope));
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
    } catch (IOException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "cannot encode key provider settings", e);
    }
  }

  /**
   * Records the scope's provider in the caller's transaction: {@code sealed} null means the
   * install's own. Takes effect for this instance after {@link #invalidate}.
   */
  public void store(Handle h, String type, ProviderDescription to, WrappedKey sealed) {
    h.execute("delete from key_provider");
    if (sealed == null) {
      return;
    }
    h.createUpdate(
            "insert into key_provider (id, type, description, sealed_provider, sealed_kek_id,"
                + " sealed_version, sealed_settings)"
                + " values (1, :type, :description, :provider, :keyId, :kekVersion, :ciphertext)")
        .bind("type", type)
        .bind("description", to.type() + " " + to.keyId())
        .bindMethods(sealed)
        .execute();
  }

  public KeyProvider install() {
    return install;
  }

  /**
   * Whether {@code scope} is an organization whose keyring the install's own provider wraps (it has
   * no provider of its own), so that what the provider reports belongs to the install, not to the
   * organization. True as well when that cannot be read: the safe answer hides the install's
   * provider from the organization.
   */
  public boolean sharesInstallProvider(Scope scope) {
    if (scope.isInstall()) {
      return false;
    }
    KeyProvider cached = cache.get(scope);
    if (cached != null) {
      return cached == install;
    }
    try {
      return databases.read(
          scope,
          h -> h.createQuery("select count(*) from key_provider").mapTo(Integer.class).one() == 0);
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** Forgets the cached provider of {@code scope}; the next use reloads its settings. */
  public void invalidate(Scope scope) {
    closeQuietly(cache.remove(scope));
  }

  private void closeQuietly(KeyProvider p) {
    if (p != null && p != install && p instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // best effort: the provider holds no state worth keeping
      }
    }
  }

  private static byte[] context(Scope scope) {
    return ("palisade:key-provider-settings:" + scope.id()).getBytes(StandardCharsets.UTF_8);
  }

  @PreDestroy
  @Override
  public void close() {
    cache.values().forEach(this::closeQuietly);
    cache.clear();
  }
}
