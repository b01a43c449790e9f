package dev.palisade.keys;

import java.util.Map;

/**
 * One kind of key provider. Each backend is a subpackage of {@code keys} holding one bean of this
 * type, its settings record and its provider; the core finds every backend through the application
 * context and names none of them, so a new backend is a new subpackage and nothing else.
 *
 * @param <S> the backend's typed settings
 */
public interface KeyBackend<S extends KeyProviderSettings> {
  /** The type name, as written in {@code palisade.keys.provider} and in stored settings. */
  String type();

  /** The settings record this backend reads. */
  Class<S> settingsType();

  /** Whether an organization may choose this backend for its own keyring (self-managed keys). */
  default boolean selfManaged() {
    return true;
  }

  /**
   * Typed settings from the values an organization admin sent (or that were stored sealed). A
   * missing or wrong value is a {@code PlatformException} naming the setting.
   */
  S settings(SettingsValues values);

  /**
   * Refuses settings an organization admin may not use for the organization's own keyring (a 422
   * naming {@code settings.<name>}), before anything is built or stored: a destination the outbound
   * guard refuses, the server's own credentials, a library or token the install does not offer.
   * Runs only for settings an organization sent, never for the install's own configuration.
   */
  default void admitForOrganization(S settings) {}

  /**
   * What an organization admin is told when a provider built from their settings fails its first
   * round trip; a backend whose failures could reveal something of the install (which error a token
   * gives for a PIN) answers one text for all.
   */
  default String organizationFailure(String detail) {
    return detail;
  }

  /**
   * Contacts what a provider built from an organization's settings depends on besides its KEK,
   * before the settings are stored (for AWS KMS: assumes the role). A refusal that points at a
   * setting is a 422 naming {@code settings.<name>}; an unreachable dependency a 502/503.
   */
  default void checkForOrganization(KeyProvider provider) {}

  /** A provider for {@code settings}. Builds only: nothing is contacted before the first use. */
  KeyProvider create(S settings);

  /**
   * The values of one provider's settings as sent in JSON, read with type checks, and the id of the
   * organization they are for ({@code owner}, null when there is none).
   */
  record SettingsValues(Map<String, Object> values, String owner) {
    public SettingsValues {
      values = values == null ? Map.of() : values;
    }

    public SettingsValues(Map<String, Object> values) {
      this(values, null);
    }

    /** A string setting, or null when absent; 422 naming {@code settings.<name>} if not text. */
    public String text(String name) {
      Object o = values.get(name);
      if (o == null) {
        return null;
      }
      if (!(o instanceof String s)) {
        throw dev.palisade.errors.PlatformException.invalidField(
            "settings." + name, "must be a string");
      }
      return s;
    }

    /** A string setting, or {@code fallback} when absent or blank. */
    public String text(String name, String fallback) {
      String v = text(name);
      return v == null || v.isBlank() ? fallback : v;
    }

    /** An integer setting, or null when absent. */
    public Integer integer(String name) {
      Object o = values.get(name);
      if (o == null) {
        return null;
      }
      if (!(o instanceof Integer i)) {
        throw dev.palisade.errors.PlatformException.invalidField(
            "settings." + name, "must be an integer");
      }
      return i;
    }
  }
}
