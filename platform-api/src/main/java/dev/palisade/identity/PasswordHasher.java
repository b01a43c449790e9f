package dev.palisade.identity;

import dev.palisade.crypto.Hashes;
import dev.palisade.crypto.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code
 * $argon2id$v=19$m=..,t=..,p=..$salt$hash}).
 *
 * <p>Parameters are read back from each stored hash, so they can be raised later without breaking
 * existing passwords. Comparisons are constant-time. Every hash, real or dummy, passes the {@link
 * HashingLimit}, so the number computed at once is bounded; a hash refused there throws a 503
 * {@code PlatformException}. Thread-safe.
 */
public final class PasswordHasher {
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final int memoryKib;
  private final int iterations;
  private final int parallelism;
  private final HashingLimit limit;
  private final AtomicLong computed = new AtomicLong();
  private final String dummyHash;

  /** OWASP's baseline for Argon2id: 19 MiB, 2 iterations, 1 lane. */
  public PasswordHasher() {
    this(HashingLimit.unbounded());
  }

  /** OWASP's baseline, each hash passing {@code limit}. */
  PasswordHasher(HashingLimit limit) {
    this(19_456, 2, 1, limit);
  }

  public PasswordHasher(int memoryKib, int iterations, int parallelism) {
    this(memoryKib, iterations, parallelism, HashingLimit.unbounded());
  }

  PasswordHasher(int memoryKib, int iterations, int parallelism, HashingLimit limit) {
    this.memoryKib = memoryKib;
    this.iterations = iterations;
    this.parallelism = parallelism;
    this.limit = limit;
    this.dummyHash = phc(Tokens.randomBytes(SALT_BYTES), Tokens.randomBytes(HASH_BYTES));
  }

  /** How many hashes (real and dummy) this hasher has computed since it was made. */
  public long computed() {
    return computed.get();
  }

  public String hash(char[] password) {
    byte[] salt = Tokens.randomBytes(SALT_BYTES);
    byte[] out =
        limit.run(() -> derive(password, salt, memoryKib, iterations, parallelism, HASH_BYTES));
    return phc(salt, out);
  }

  /**
   * The PHC string of {@code salt} and {@code out} under this hasher's parameters. The dummy hash
   * is one with a random output: verifying against it costs a real derivation with the same
   * parameters, and no password derives to it, so none is spent at start-up to make it.
   */
  private String phc(byte[] salt, byte[] out) {
    return "$argon2id$v=19$m="
        + memoryKib
        + ",t="
        + iterations
        + ",p="
        + parallelism
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(out);
  }

  /** True when {@code password} matches {@code stored}; false for any malformed stored value. */
  public boolean verify(char[] password, String stored) {
    return limit.run(() -> check(password, stored));
  }

  /**
   * Takes a hashing slot first, then asks {@code admitted} for the stored hash to check against
   * (null: a dummy one). Whatever {@code admitted} does (reserving a sign-in attempt) is done only
   * once the hash is sure to be computed, so a request refused for want of a slot changes nothing.
   */
  public boolean verifyOnceAdmitted(char[] password, Supplier<String> admitted) {
    return limit.run(
        () -> {
          String stored = admitted.get();
          return check(password, stored == null ? dummyHash : stored);
        });
  }

  private boolean check(char[] password, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 6 || !"argon2id".equals(parts[1]) || !"v=19".equals(parts[2])) {
      return false;
    }
    try {
      int m = 0;
      int t = 0;
      int p = 0;
      for (String kv : parts[3].split(",")) {
        int v = Integer.parseInt(kv.substring(2));
        switch (kv.charAt(0)) {
          case 'm' -> m = v;
          case 't' -> t = v;
          case 'p' -> p = v;
          default -> {
            return false;
          }
        }
      }
      byte[] salt = B64D.decode(parts[4]);
      byte[] expected = B64D.decode(parts[5]);
      byte[] actual = derive(password, salt, m, t, p, expected.length);
      return Hashes.equal(expected, actual);
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      return false;
    }
  }

  /** Spends the same time as a real verification, for unknown accounts. */
  public void verifyDummy(char[] password) {
    verify(password, dummyHash);
  }

  private byte[] derive(char[] password, byte[] salt, int m, int t, int p, int len) {
    computed.incrementAndGet();
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(m)
            .withIterations(t)
            .withParallelism(p)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[len];
    byte[] pw = new String(password).getBytes(StandardCharsets.UTF_8);
    generator.generateBytes(pw, out);
    java.util.Arrays.fill(pw, (byte) 0);
    return out;
  }
}
