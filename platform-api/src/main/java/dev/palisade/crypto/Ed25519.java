package dev.palisade.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Ed25519 signatures (RFC 8032) over raw 32-byte keys, and the public-key forms the platform
 * publishes: the key id (first 16 hex digits of SHA-256 of the raw public key) and the X.509
 * SubjectPublicKeyInfo used in PEM files. Thread-safe.
 */
public final class Ed25519 {
  /** The fixed DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32-byte raw key follows. */
  private static final byte[] SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private Ed25519() {}

  /** A new key pair: {@code [private 32 bytes, public 32 bytes]}. */
  public static byte[][] generate() {
    Ed25519PrivateKeyParameters k = new Ed25519PrivateKeyParameters(new SecureRandom());
    return new byte[][] {k.getEncoded(), k.generatePublicKey().getEncoded()};
  }

  public static byte[] publicKeyOf(byte[] privateKey) {
    return new Ed25519PrivateKeyParameters(privateKey, 0).generatePublicKey().getEncoded();
  }

  public static byte[] sign(byte[] privateKey, byte[] message) {
    return signingKey(privateKey).sign(message);
  }

  /**
   * A private key prepared for signing many messages: its public half, which every signature needs,
   * is derived once instead of once per signature.
   */
  public static SigningKey signingKey(byte[] privateKey) {
    Ed25519PrivateKeyParameters k = new Ed25519PrivateKeyParameters(privateKey, 0);
    k.generatePublicKey();
    return new SigningKey(k);
  }

  /** See {@link #signingKey}. Thread-safe. */
  public static final class SigningKey {
    private final Ed25519PrivateKeyParameters key;

    private SigningKey(Ed25519PrivateKeyParameters key) {
      this.key = key;
    }

    public byte[] sign(byte[] message) {
      Ed25519Signer s = new Ed25519Signer();
      s.init(true, key);
      s.update(message, 0, message.length);
      return s.generateSignature();
    }

    @Override
    public String toString() {
      return "Ed25519.SigningKey[redacted]";
    }
  }

  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey == null || publicKey.length != 32 || signature == null) {
      return false;
    }
    Ed25519Signer s = new Ed25519Signer();
    s.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    s.update(message, 0, message.length);
    return s.verifySignature(signature);
  }

  /** The first 16 hex digits of SHA-256 of the raw public key. */
  public static String keyId(byte[] publicKey) {
    return HexFormat.of().formatHex(Hashes.sha256(publicKey)).substring(0, 16);
  }

  /** The X.509 SubjectPublicKeyInfo (DER) of a raw public key. */
  public static byte[] spki(byte[] publicKey) {
    byte[] out = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
    System.arraycopy(publicKey, 0, out, SPKI_PREFIX.length, 32);
    return out;
  }

  /** The raw key inside a SubjectPublicKeyInfo, or null if {@code der} is not one. */
  public static byte[] fromSpki(byte[] der) {
    if (der.length != SPKI_PREFIX.length + 32
        || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
      return null;
    }
    return Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length);
  }

  /** A PEM {@code PUBLIC KEY} block of a raw public key. */
  public static String pem(byte[] publicKey) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getEncoder().encodeToString(spki(publicKey))
        + "\n-----END PUBLIC KEY-----\n";
  }
}
