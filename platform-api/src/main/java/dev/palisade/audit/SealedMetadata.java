package dev.palisade.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.crypto.AesGcm;
import dev.palisade.crypto.CanonicalJson;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.keys.Keyrings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * The sealed part of an entry: canonical JSON encrypted with AES-256-GCM under the chain's keyring,
 * bound to the entry's identity ({@code chainId "|" entryId}) as associated data, so a sealed value
 * copied to another entry or chain does not open. Stored as {@code nonce || ciphertext || tag}.
 */
final class SealedMetadata {
  private SealedMetadata() {}

  static byte[] seal(Keyrings.ActiveKey key, String chainId, UUID entryId, Map<String, Object> m) {
    byte[] plain = CanonicalJson.write(m).getBytes(StandardCharsets.UTF_8);
    try {
      return AesGcm.seal(key.key(), null, plain, aad(chainId, entryId));
    } catch (GeneralSecurityException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "sealing audit metadata failed", e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> open(SecretKey key, AuditEntry e, ObjectMapper json) {
    byte[] plain;
    try {
      plain = AesGcm.open(key, null, e.sealedMetadata(), 0, aad(e.chainId(), e.id()));
    } catch (GeneralSecurityException ex) {
      throw new PlatformException(
          ErrorCode.INTERNAL, "sealed audit metadata does not open: tampered or wrong key");
    }
    try {
      return json.readValue(plain, Map.class);
    } catch (IOException ex) {
      throw new PlatformException(ErrorCode.INTERNAL, "sealed metadata is not JSON", ex);
    }
  }

  private static byte[] aad(String chainId, UUID entryId) {
    return (chainId + "|" + entryId).getBytes(StandardCharsets.UTF_8);
  }
}
