package dev.palisade.keys;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.telemetry.Spans;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Every key backend found in the application context, by type. Created at start-up so that an
 * unknown {@code palisade.keys.provider} stops the boot with a message naming the setting and the
 * types this build has.
 */
@Context
public final class KeyBackends {
  private final Map<String, KeyBackend<?>> byType = new TreeMap<>();
  private final List<String> organizationTypes;
  private final MeterRegistry registry;
  private final Spans spans;

  KeyBackends(List<KeyBackend<?>> backends, KeysConfig config) {
    this(backends, config, new SimpleMeterRegistry(), Spans.NOOP);
  }

  @Inject
  KeyBackends(
      List<KeyBackend<?>> backends, KeysConfig config, MeterRegistry registry, Spans spans) {
    this.registry = registry;
    this.spans = spans;
    for (KeyBackend<?> b : backends) {
      if (byType.put(b.type(), b) != null) {
        throw new IllegalStateException("two key backends of type " + b.type());
      }
    }
    if (!byType.containsKey(config.provider())) {
      throw new ConfigurationException(
          KeysConfig.PROVIDER
              + " (PALISADE_KEYS_PROVIDER) is '"
              + config.provider()
              + "', which is not a key provider; use one of "
              + String.join(", ", byType.keySet()));
    }
    for (String t : config.organizationProviders()) {
      KeyBackend<?> b = byType.get(t);
      if (b == null || !b.selfManaged()) {
        throw new ConfigurationException(
            KeysConfig.ORGANIZATION_PROVIDERS
                + " (PALISADE_KEYS_ORGANIZATION_PROVIDERS) names '"
                + t
                + "', which organizations cannot use; use some of "
                + String.join(", ", selfManagedTypes()));
      }
    }
    this.organizationTypes = config.organizationProviders().stream().sorted().distinct().toList();
  }

  /** Every type, in name order. */
  public List<String> types() {
    return List.copyOf(byType.keySet());
  }

  /** The types that can serve an organization's own keyring, in name order. */
  public List<String> selfManagedTypes() {
    return byType.values().stream().filter(KeyBackend::selfManaged).map(KeyBackend::type).toList();
  }

  /** The types this install lets organizations choose ({@code organization-providers}). */
  public List<String> organizationTypes() {
    return organizationTypes;
  }

  /**
   * Settings an organization admin sent: the type must be one this install offers organizations
   * (else a 422 naming {@code type}), the values must be valid, and the backend must admit them
   * ({@link KeyBackend#admitForOrganization}).
   */
  public KeyProviderSettings organizationSettings(
      UUID org, String type, Map<String, Object> values) {
    if (type == null || !organizationTypes.contains(type)) {
      throw PlatformException.invalidField(
          "type", "must be one of " + String.join(", ", options()));
    }
    KeyProviderSettings settings = settings(type, values, org.toString());
    admit(backend(type), settings);
    return settings;
  }

  /**
   * Settings an organization stored earlier, held to the policy of today: a type the install no
   * longer offers organizations, or settings its backend would no longer admit, are not used (503
   * naming the setting to look at, never a stored value), so a narrower policy takes effect at the
   * next start and not only for new choices.
   */
  public KeyProviderSettings storedOrganizationSettings(
      UUID org, String type, Map<String, Object> values) {
    try {
      return organizationSettings(org, type, values);
    } catch (PlatformException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE,
          "this organization's own key provider ("
              + type
              + ") is not allowed by the install's "
              + KeysConfig.ORGANIZATION_PROVIDERS
              + " and related settings ("
              + e.field().orElse("type")
              + "); an install admin can allow it again, then the organization can move to"
              + " another provider");
    }
  }

  /** {@link KeyBackend#checkForOrganization} of the backend of {@code type}. */
  public void checkForOrganization(String type, KeyProvider provider) {
    backend(type).checkForOrganization(MeteredKeyProvider.unwrap(provider));
  }

  /** The failure text an organization admin sees for a first round trip of {@code type}. */
  public String organizationFailure(String type, String detail) {
    return backend(type).organizationFailure(detail);
  }

  private static <S extends KeyProviderSettings> void admit(
      KeyBackend<S> backend, KeyProviderSettings settings) {
    backend.admitForOrganization(backend.settingsType().cast(settings));
  }

  private List<String> options() {
    List<String> out = new java.util.ArrayList<>();
    out.add("install");
    out.addAll(organizationTypes);
    return out;
  }

  /**
   * Typed settings of a self-managed provider from request values; a bad value is a 422 naming
   * {@code settings.<name>}, an unknown or refused type a 422 naming {@code type}.
   */
  public KeyProviderSettings settings(String type, Map<String, Object> values) {
    return settings(type, values, null);
  }

  private KeyProviderSettings settings(String type, Map<String, Object> values, String owner) {
    KeyBackend<?> backend = type == null ? null : byType.get(type);
    if (backend == null || !backend.selfManaged()) {
      throw PlatformException.invalidField(
          "type", "must be one of install, " + String.join(", ", selfManagedTypes()));
    }
    try {
      return backend.settings(new KeyBackend.SettingsValues(values, owner));
    } catch (PlatformException e) {
      throw asRequestField(e);
    }
  }

  /** A provider for {@code settings}, built by the backend of their type. */
  public KeyProvider create(KeyProviderSettings settings) {
    return metered(create(backend(settings.type()), settings));
  }

  private static <S extends KeyProviderSettings> KeyProvider create(
      KeyBackend<S> backend, KeyProviderSettings settings) {
    return backend.create(backend.settingsType().cast(settings));
  }

  /** {@code provider}, counted and timed in the key operation series (once, however often). */
  KeyProvider metered(KeyProvider provider) {
    return provider instanceof MeteredKeyProvider
        ? provider
        : new MeteredKeyProvider(provider, registry, spans);
  }

  private KeyBackend<?> backend(String type) {
    KeyBackend<?> b = byType.get(type);
    if (b == null) {
      throw new IllegalArgumentException("no key backend of type " + type);
    }
    return b;
  }

  /** {@code palisade.keys.vault.key-name: …} becomes {@code settings.keyName: …}. */
  private static PlatformException asRequestField(PlatformException e) {
    String field = e.field().orElse(null);
    if (field == null || !field.startsWith(KeysConfig.PREFIX)) {
      return e;
    }
    String name = field.substring(field.lastIndexOf('.') + 1);
    StringBuilder camel = new StringBuilder();
    boolean up = false;
    for (char ch : name.toCharArray()) {
      if (ch == '-') {
        up = true;
      } else {
        camel.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    return PlatformException.invalidField(
        "settings." + camel, e.getMessage().substring(field.length() + 2));
  }
}
