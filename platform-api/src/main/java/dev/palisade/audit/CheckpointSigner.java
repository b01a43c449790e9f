package dev.palisade.audit;

import dev.palisade.crypto.Ed25519;
import dev.palisade.keys.SealedSecrets;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

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

  private record Loaded(
      byte[] privateKey, Ed25519.SigningKey signing, byte[] publicKey, String keyId) {}

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
        SealedSecrets.Material m =
            secrets.getOrCreate(
                NAME,
                () -> {
                  byte[][] pair = Ed25519.generate();
                  return new SealedSecrets.Material(pair[0], pair[1]);
                });
        byte[] publicKey = m.publicPart().clone();
        loaded =
            new Loaded(
                m.secret(), Ed25519.signingKey(m.secret()), publicKey, Ed25519.keyId(publicKey));
      }
      return loaded;
    }
  }

  /**
   * The published checkpoint key as stored in the install database {@code h} is on, read without
   * unsealing anything; empty when that database holds none.
   */
  public static java.util.Optional<byte[]> publishedKey(org.jdbi.v3.core.Handle h) {
    return SealedSecrets.publicPart(h, NAME);
  }

  public byte[] sign(byte[] message) {
    return key().signing().sign(message);
  }

  public byte[] publicKey() {
    return key().publicKey().clone();
  }

  public String keyId() {
    return key().keyId();
  }

  /**
   * The public key as published: {@code algorithm}, {@code keyId}, {@code publicKey} (base64),
   * {@code pem}.
   */
  public Map<String, Object> published() {
    byte[] raw = publicKey();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("algorithm", "Ed25519");
    m.put("keyId", keyId());
    m.put("publicKey", Base64.getEncoder().encodeToString(raw));
    m.put("pem", Ed25519.pem(raw));
    return m;
  }

  @Override
  public String toString() {
    Loaded l = loaded;
    return "CheckpointSigner[keyId=" + (l == null ? "(not loaded)" : l.keyId()) + "]";
  }

  /** Forgets the unsealed key (on shutdown); the next use unseals it again. */
  void forget() {
    Loaded l = loaded;
    loaded = null;
    if (l != null) {
      Arrays.fill(l.privateKey(), (byte) 0);
    }
  }
}
