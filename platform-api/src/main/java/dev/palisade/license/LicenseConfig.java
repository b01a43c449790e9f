package dev.palisade.license;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code palisade.license.*}: the vendor public keys a license must be signed with (base64 raw
 * Ed25519 keys or PEM), how long before expiry the state turns {@code expiring}, and how many
 * organizations an install without a license may hold. Read at start-up: a malformed key stops the
 * boot with a message naming the setting.
 */
@Context
@ConfigurationProperties("palisade.license")
public record LicenseConfig(
    @Nullable List<String> vendorPublicKeys,
    @NotNull @Bindable(defaultValue = "30d") Duration expiringWindow,
    @Min(1) @Max(100_000) @Bindable(defaultValue = "25") int evaluationMaxOrganizations) {

  public LicenseConfig {
    vendorPublicKeys = vendorPublicKeys == null ? List.of() : List.copyOf(vendorPublicKeys);
    VendorKeys.parse(vendorPublicKeys);
  }

  /** The configured keys by key id. */
  public Map<String, byte[]> keys() {
    return VendorKeys.parse(vendorPublicKeys);
  }
}
