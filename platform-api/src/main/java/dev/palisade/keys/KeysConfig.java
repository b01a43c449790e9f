package dev.palisade.keys;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * {@code palisade.keys.*}: {@code provider} ({@code PALISADE_KEYS_PROVIDER}) is the backend that
 * holds the install's key-encryption key; {@code organization-providers} ({@code
 * PALISADE_KEYS_ORGANIZATION_PROVIDERS}, default {@code vault,awskms}) the types organizations may
 * choose for their own keyring; {@code organization-pkcs11-libraries} ({@code
 * PALISADE_KEYS_ORGANIZATION_PKCS11_LIBRARIES}, default none) the PKCS#11 libraries they may name;
 * {@code organization-awskms-assume-role} ({@code PALISADE_KEYS_ORGANIZATION_AWSKMS_ASSUME_ROLE},
 * default false) whether the install's own AWS credentials may assume an organization's role.
 * {@link KeyBackends} checks the types against the backends this build has at start-up.
 */
@ConfigurationProperties("palisade.keys")
public record KeysConfig(
    @Bindable(defaultValue = "local") String provider,
    @Bindable(defaultValue = "vault,awskms") List<String> organizationProviders,
    @Nullable List<String> organizationPkcs11Libraries,
    @Bindable(defaultValue = "false") boolean organizationAwskmsAssumeRole) {
  /** The property that selects the install provider's backend. */
  public static final String PROVIDER = "palisade.keys.provider";

  /** The property that lists the types organizations may choose. */
  public static final String ORGANIZATION_PROVIDERS = "palisade.keys.organization-providers";

  /** The property that lets the install's AWS credentials assume an organization's role. */
  public static final String ORGANIZATION_AWSKMS_ASSUME_ROLE =
      "palisade.keys.organization-awskms-assume-role";

  /** The prefix of every backend's settings, {@code palisade.keys.<type>.}. */
  public static final String PREFIX = "palisade.keys.";

  public KeysConfig {
    organizationProviders =
        organizationProviders == null
            ? List.of()
            : organizationProviders.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    organizationPkcs11Libraries =
        organizationPkcs11Libraries == null
            ? List.of()
            : organizationPkcs11Libraries.stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
  }

  /** The install provider {@code type} with the default organization policy. */
  public static KeysConfig of(String provider) {
    return new KeysConfig(provider, List.of("vault", "awskms"), List.of(), false);
  }
}
