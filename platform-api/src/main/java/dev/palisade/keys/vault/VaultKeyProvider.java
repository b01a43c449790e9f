package dev.palisade.keys.vault;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.keys.KeyProvider;
import dev.palisade.keys.ProviderDescription;
import dev.palisade.keys.WrappedKey;
import dev.palisade.net.OutboundGuard;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A KEK held by a Vault Transit key. Wrap is {@code encrypt}, unwrap {@code decrypt}, and {@link
 * #rewrap} is Transit's own {@code rewrap}, so rotation never brings the data key out of Vault. The
 * context is bound inside the encrypted plaintext (see {@link ContextBinding}). The KEK version is
 * the Transit key version from the {@code vault:vN:} prefix. Nothing is contacted until the first
 * operation. Thread-safe.
 */
public final class VaultKeyProvider implements KeyProvider, AutoCloseable {
  private static final Pattern VERSION = Pattern.compile("^vault:v(\\d+):");

  private final VaultKeysConfig config;
  private final VaultTransitClient transit;

  private VaultKeyProvider(VaultKeysConfig config, OutboundGuard guard) {
    this.config = config;
    this.transit = new VaultTransitClient(config, guard);
  }

  /** A provider for {@code config} whose connections pass {@code guard}; contacts nothing. */
  public static VaultKeyProvider create(VaultKeysConfig config, OutboundGuard guard) {
    return new VaultKeyProvider(
        requireNonNull(config, "config is null"), requireNonNull(guard, "guard is null"));
  }

  @Override
  public void close() {
    transit.close();
  }

  @Override
  public String type() {
    return "vault";
  }

  @Override
  public WrappedKey wrap(byte[] dataKey, byte[] context) {
    byte[] bound = ContextBinding.bind(dataKey, context);
    try {
      String plaintext = Base64.getEncoder().encodeToString(bound);
      return wrapped(transit.post("encrypt", Map.of("plaintext", plaintext)), "encrypt");
    } finally {
      Arrays.fill(bound, (byte) 0);
    }
  }

  @Override
  public byte[] unwrap(WrappedKey wrapped, byte[] context) {
    JsonNode data = transit.post("decrypt", ciphertext(wrapped));
    byte[] bound;
    try {
      bound = Base64.getDecoder().decode(data.path("plaintext").asText(""));
    } catch (IllegalArgumentException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_FAILED, "Vault transit decrypt gave an unreadable answer");
    }
    return ContextBinding.open(bound, context);
  }

  /** Transit's rewrap: the data key stays inside Vault; its context binding is carried along. */
  @Override
  public WrappedKey rewrap(WrappedKey wrapped, byte[] context) {
    return wrapped(transit.post("rewrap", ciphertext(wrapped)), "rewrap");
  }

  @Override
  public ProviderDescription describe() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("address", config.address());
    settings.put("transitMount", config.transitMount());
    if (config.namespace() != null) {
      settings.put("namespace", config.namespace());
    }
    return new ProviderDescription(type(), config.keyName(), settings);
  }

  @Override
  public String toString() {
    return "VaultKeyProvider[address="
        + config.address()
        + ", transitMount="
        + config.transitMount()
        + ", keyName="
        + config.keyName()
        + "]";
  }

  private Map<String, String> ciphertext(WrappedKey wrapped) {
    return Map.of("ciphertext", new String(wrapped.ciphertext(), StandardCharsets.US_ASCII));
  }

  private WrappedKey wrapped(JsonNode data, String operation) {
    String ciphertext = data.path("ciphertext").asText("");
    Matcher m = VERSION.matcher(ciphertext);
    if (!m.find()) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_FAILED, "Vault transit " + operation + " gave an unreadable answer");
    }
    return new WrappedKey(
        type(), config.keyName(), m.group(1), ciphertext.getBytes(StandardCharsets.US_ASCII));
  }
}
