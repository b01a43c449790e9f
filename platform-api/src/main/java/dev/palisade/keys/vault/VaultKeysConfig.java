package dev.palisade.keys.vault;

import static dev.palisade.keys.KeyProviderSettings.requirePositive;
import static dev.palisade.keys.KeyProviderSettings.requireText;

import dev.palisade.errors.PlatformException;
import dev.palisade.keys.KeyProviderSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A HashiCorp Vault (or OpenBao) Transit key that holds the KEK ({@code palisade.keys.vault.*}):
 * the server's {@code http(s)://host:port} address, a token allowed to encrypt, decrypt and rewrap
 * with the key, the Transit mount and key name, an optional Enterprise namespace, and timeouts. The
 * token is never part of {@link #toString()}.
 */
@ConfigurationProperties("palisade.keys.vault")
public record VaultKeysConfig(
    String address,
    String token,
    @Bindable(defaultValue = "transit") String transitMount,
    @Bindable(defaultValue = "palisade-kek") String keyName,
    @Nullable String namespace,
    @Bindable(defaultValue = "5s") Duration connectTimeout,
    @Bindable(defaultValue = "10s") Duration requestTimeout)
    implements KeyProviderSettings {
  private static final String PREFIX = "palisade.keys.vault.";

  /** Path segments of letters, digits, {@code . _ -}, never {@code .} or {@code ..} alone. */
  private static final String SEGMENT = "(?!\\.{1,2}(?:/|$))[A-Za-z0-9._-]+";

  private static final Pattern MOUNT = Pattern.compile(SEGMENT + "(/" + SEGMENT + ")*");
  private static final Pattern NAME = Pattern.compile(SEGMENT);

  public VaultKeysConfig {
    address = checkAddress(requireText(address, PREFIX + "address"));
    requireText(token, PREFIX + "token");
    if (!MOUNT.matcher(requireText(transitMount, PREFIX + "transit-mount")).matches()) {
      throw PlatformException.invalidField(PREFIX + "transit-mount", "is not a mount path");
    }
    if (!NAME.matcher(requireText(keyName, PREFIX + "key-name")).matches()) {
      throw PlatformException.invalidField(PREFIX + "key-name", "is not a Transit key name");
    }
    namespace = namespace == null || namespace.isBlank() ? null : namespace;
    requirePositive(connectTimeout, PREFIX + "connect-timeout");
    requirePositive(requestTimeout, PREFIX + "request-timeout");
  }

  /** Settings with the default mount, key name and timeouts. */
  public static VaultKeysConfig of(String address, String token, String keyName) {
    return new VaultKeysConfig(
        address, token, "transit", keyName, null, Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  @Override
  public String type() {
    return "vault";
  }

  @Override
  public String toString() {
    return "VaultKeysConfig[address="
        + address
        + ", token="
        + KeyProviderSettings.mask(token)
        + ", transitMount="
        + transitMount
        + ", keyName="
        + keyName
        + ", namespace="
        + namespace
        + "]";
  }

  private static String checkAddress(String address) {
    URI uri;
    try {
      uri = URI.create(address.trim());
    } catch (IllegalArgumentException e) {
      throw PlatformException.invalidField(PREFIX + "address", "is not a URL");
    }
    boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
    if (!http
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null) {
      throw PlatformException.invalidField(
          PREFIX + "address", "must be http(s)://host[:port] without credentials or query");
    }
    String s = uri.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
