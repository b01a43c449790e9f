package dev.palisade.audit;

import dev.palisade.keys.SealedSecrets;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The install's Ed25519 checkpoint key: its private half is sealed by the install key provider (see
 * {@link SealedSecrets}), its public half is published so anyone can check checkpoints and evidence
 * offline. The signed message is specified in {@code docs/audit-chain.md}.
 */
@Singleton
public final class CheckpointSigner {
  static final String NAME = "checkpoint-signing-key";

  private final SealedSecrets secrets;
  private volatile Loaded loaded;

  private record Loaded(Ed25519PrivateKeyParameters privateKey, byte[] publicKey, String keyId) {}

  CheckpointSigner(SealedSecrets secrets) {
    this.secrets = secrets;
  }

  /** Unseals the key at first use, so that start-up does not depend on the key provider. */
  private Loaded key() {
    Loaded l = loaded;
    if (l != null) {
      return l;
    }
    synchronized (this) {
      if (loaded == null) {
        loaded = load();
      }
      return loaded;
    }
  }

  private Loaded load() {
    SealedSecrets.Material m =
        secrets.getOrCreate(
            NAME,
            () -> {
              Ed25519PrivateKeyParameters k = new Ed25519PrivateKeyParameters(new SecureRandom());
              return new SealedSecrets.Material(k.getEncoded(), k.generatePublicKey().getEncoded());
            });
    Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(m.secret(), 0);
    java.util.Arrays.fill(m.secret(), (byte) 0);
    byte[] publicKey = m.publicPart().clone();
    return new Loaded(privateKey, publicKey, keyIdOf(publicKey));
  }

  /** {@code "palisade-checkpoint-v1\n" chainId "\n" sequence "\n" hex(chainHash) "\n" time}. */
  public static byte[] message(String chainId, long sequence, byte[] chainHash, Instant signedAt) {
    return ("palisade-checkpoint-v1\n"
            + chainId
            + "\n"
            + sequence
            + "\n"
            + HexFormat.of().formatHex(chainHash)
            + "\n"
            + ChainEncoding.formatTime(signedAt))
        .getBytes(StandardCharsets.UTF_8);
  }

  public byte[] sign(byte[] message) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, key().privateKey());
    s.update(message, 0, message.length);
    return s.generateSignature();
  }

  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    s.update(message, 0, message.length);
    return s.verifySignature(signature);
  }

  public byte[] publicKey() {
    return key().publicKey().clone();
  }

  public String keyId() {
    return key().keyId();
  }

  /** The first 16 hex digits of SHA-256 of the raw public key. */
  public static String keyIdOf(byte[] publicKey) {
    return HexFormat.of().formatHex(ChainEncoding.sha256(publicKey)).substring(0, 16);
  }
}
