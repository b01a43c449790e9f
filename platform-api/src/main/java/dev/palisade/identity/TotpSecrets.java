package dev.palisade.identity;

import dev.palisade.crypto.AesGcm;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.keys.Keyrings;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.UUID;

/**
 * Seals TOTP secrets under the keyring of the account's scope (the organization's, or the install's
 * for install admins) with AES-256-GCM, bound to the scope and the account as associated data, so a
 * sealed secret copied to another account does not open. Plain secrets are returned to the caller,
 * who zeroes them when done; they are never logged.
 */
@Singleton
final class TotpSecrets {
  private final Keyrings keyrings;

  TotpSecrets(Keyrings keyrings) {
    this.keyrings = keyrings;
  }

  /** A sealed secret and the keyring version it was sealed under. */
  record Sealed(byte[] value, int keyVersion) {}

  Sealed seal(Scope scope, UUID account, byte[] secret) {
    Keyrings.ActiveKey key = keyrings.current(scope);
    try {
      return new Sealed(AesGcm.seal(key.key(), null, secret, aad(scope, account)), key.version());
    } catch (GeneralSecurityException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "sealing a TOTP secret failed", e);
    }
  }

  byte[] open(Scope scope, UUID account, MfaStore.Row row) {
    try {
      return AesGcm.open(
          keyrings.key(scope, row.keyVersion()), null, row.sealedSecret(), 0, aad(scope, account));
    } catch (GeneralSecurityException e) {
      throw new PlatformException(
          ErrorCode.INTERNAL, "a sealed TOTP secret does not open: tampered or wrong key");
    }
  }

  private static byte[] aad(Scope scope, UUID account) {
    return ("palisade:totp:" + scope.id() + "|" + account).getBytes(StandardCharsets.UTF_8);
  }
}
