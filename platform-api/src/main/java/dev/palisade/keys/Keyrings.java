package dev.palisade.keys;

import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Handle;

/**
 * Keyrings of data keys, one per {@link Scope}, stored in that scope's {@code keyring_versions}
 * table wrapped by the scope's key provider.
 *
 * <p>Unwrapped keys are kept in memory for at most the cache TTL and never written or logged. A
 * provider failure surfaces as a {@link PlatformException} and the caller fails closed; every
 * provider use that reached the provider is published as a {@link KeyProviderOutcome}.
 */
@Singleton
public final class Keyrings {
  private final Databases databases;
  private final OrgKeyProviders providers;
  private final ApplicationEventPublisher<KeyProviderOutcome> outcomes;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<Scope, Integer> currentVersion = new ConcurrentHashMap<>();

  /** The key new data is sealed with. */
  public record ActiveKey(int version, SecretKey key) {
    @Override
    public String toString() {
      return "ActiveKey[version=" + version + "]";
    }
  }

  /** A keyring version as listed to administrators: no key material. */
  public record VersionInfo(
      int version, String provider, String kekId, String kekVersion, String createdAt) {}

  private record Cached(SecretKey key, java.time.Instant expiresAt) {
    boolean fresh(Clock clock) {
      return expiresAt.isAfter(clock.instant());
    }
  }

  public Keyrings(
      Databases databases,
      OrgKeyProviders providers,
      ApplicationEventPublisher<KeyProviderOutcome> outcomes,
      Clock clock,
      @Value("${palisade.keys.cache-ttl:5m}") Duration cacheTtl) {
    this.databases = databases;
    this.providers = providers;
    this.outcomes = outcomes;
    this.clock = clock;
    this.ttl = cacheTtl;
  }

  /** The provider that wraps the keyring of {@code scope}. */
  public KeyProvider provider(Scope scope) {
    return providers.providerFor(scope);
  }

  /** The current key of {@code scope}; creates version 1 on first use. */
  public ActiveKey current(Scope scope) {
    Integer known = currentVersion.get(scope);
    if (known != null) {
      Cached c = cache.get(name(scope, known));
      if (c != null && c.fresh(clock)) {
        return new ActiveKey(known, c.key);
      }
    }
    return databases.read(
        scope,
        h -> {
          int version = KeyringVersions.latest(h);
          if (version == 0) {
            version = createVersion(h, scope, 1);
          }
          currentVersion.put(scope, version);
          return new ActiveKey(version, load(h, scope, version));
        });
  }

  /** A specific version, to open data sealed under it. */
  public SecretKey key(Scope scope, int version) {
    Cached cached = cache.get(name(scope, version));
    if (cached != null && cached.fresh(clock)) {
      return cached.key;
    }
    return databases.read(scope, h -> load(h, scope, version));
  }

  /**
   * Adds a new version and re-wraps the older ones under the provider's current key-encryption key,
   * inside the caller's transaction. Sealed data is not touched. Returns the new version.
   */
  public int rotate(Scope scope, Handle h) {
    KeyringVersions.lock(h);
    int next = KeyringVersions.latest(h) + 1;
    int created = createVersion(h, scope, next);
    KeyProvider provider = providers.providerFor(scope, h);
    for (int v : KeyringVersions.versions(h, next)) {
      WrappedKey fresh = provider.rewrap(KeyringVersions.wrapped(h, v), context(scope, v));
      KeyringVersions.rewrap(h, v, fresh, clock.instant());
    }
    currentVersion.remove(scope);
    return created;
  }

  /**
   * Re-wraps every version of the keyring of {@code scope} under {@code target}, inside the
   * caller's transaction (used when an organization changes key provider). Key material and sealed
   * data are unchanged. Returns how many versions were re-wrapped.
   */
  public int rewrapAll(Scope scope, Handle h, KeyProvider target) {
    KeyringVersions.lock(h);
    KeyProvider current = providers.providerFor(scope, h);
    List<Integer> versions = KeyringVersions.versions(h, Integer.MAX_VALUE);
    for (int v : versions) {
      byte[] key = current.unwrap(KeyringVersions.wrapped(h, v), context(scope, v));
      try {
        KeyringVersions.rewrap(h, v, target.wrap(key, context(scope, v)), clock.instant());
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    }
    return versions.size();
  }

  /**
   * Version {@code version} of the keyring of {@code scope} as stored in a copy of its database
   * ({@code copy}: a database restored from a backup), unwrapped by the provider the scope uses now
   * (for an organization with a provider of its own: as the copy's settings describe it). Not
   * cached; a provider failure is a {@link PlatformException}.
   */
  public SecretKey keyInCopy(Scope scope, Handle copy, int version) {
    KeyProvider provider = providers.loadFrom(scope, copy);
    try {
      byte[] raw = provider.unwrap(KeyringVersions.wrapped(copy, version), context(scope, version));
      try {
        return new SecretKeySpec(raw, "AES");
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    } finally {
      providers.release(provider);
    }
  }

  public List<VersionInfo> versions(Scope scope) {
    return databases.read(scope, KeyringVersions::describe);
  }

  private SecretKey load(Handle h, Scope scope, int version) {
    KeyProvider provider = providers.providerFor(scope, h);
    WrappedKey wrapped = KeyringVersions.wrapped(h, version);
    byte[] raw;
    try {
      raw = provider.unwrap(wrapped, context(scope, version));
    } catch (PlatformException e) {
      outcomes.publishEvent(new KeyProviderOutcome(scope, provider.type(), e));
      throw e;
    }
    outcomes.publishEvent(new KeyProviderOutcome(scope, provider.type(), null));
    try {
      SecretKey key = new SecretKeySpec(raw, "AES");
      cache.put(name(scope, version), new Cached(key, clock.instant().plus(ttl)));
      return key;
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private int createVersion(Handle h, Scope scope, int version) {
    KeyProvider provider = providers.providerFor(scope, h);
    DataKey key;
    try {
      key = provider.generate(context(scope, version));
    } catch (PlatformException e) {
      outcomes.publishEvent(new KeyProviderOutcome(scope, provider.type(), e));
      throw e;
    }
    outcomes.publishEvent(new KeyProviderOutcome(scope, provider.type(), null));
    try {
      KeyringVersions.insert(h, version, key.wrapped());
    } finally {
      key.destroy();
    }
    return version;
  }

  private static String name(Scope scope, int version) {
    return scope.id() + ":" + version;
  }

  /** The associated data of a wrapped data key: which keyring and which version it is. */
  static byte[] context(Scope scope, int version) {
    return ("palisade:keyring:" + scope.id() + ":v" + version).getBytes(StandardCharsets.UTF_8);
  }
}
