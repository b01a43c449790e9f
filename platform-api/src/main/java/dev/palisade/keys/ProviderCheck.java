package dev.palisade.keys;

import static java.util.Objects.requireNonNull;

import dev.palisade.crypto.Hashes;
import dev.palisade.errors.PlatformException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The result of a live round trip against a provider. {@code detail} is sanitized. */
public record ProviderCheck(
    boolean ok, String type, String keyId, long latencyMillis, String detail, Instant checkedAt) {
  public ProviderCheck {
    requireNonNull(type, "type is null");
    requireNonNull(keyId, "keyId is null");
    requireNonNull(detail, "detail is null");
    requireNonNull(checkedAt, "checkedAt is null");
  }

  /** Wraps and unwraps a random key and checks that it comes back unchanged. */
  public static ProviderCheck roundTrip(KeyProvider provider, java.time.Clock clock) {
    ProviderDescription d = provider.describe();
    long t0 = System.nanoTime();
    byte[] context = "palisade:verify".getBytes(StandardCharsets.UTF_8);
    DataKey key = null;
    byte[] back = null;
    try {
      key = provider.generate(context);
      back = provider.unwrap(key.wrapped(), context);
      boolean same = Hashes.equal(key.plaintext(), back);
      return new ProviderCheck(
          same,
          d.type(),
          d.keyId(),
          (System.nanoTime() - t0) / 1_000_000,
          same ? "round trip ok" : "unwrapped key differs from the wrapped one",
          clock.instant());
    } catch (PlatformException e) {
      return new ProviderCheck(
          false,
          d.type(),
          d.keyId(),
          (System.nanoTime() - t0) / 1_000_000,
          e.getMessage(),
          clock.instant());
    } finally {
      if (key != null) {
        key.destroy();
      }
      if (back != null) {
        java.util.Arrays.fill(back, (byte) 0);
      }
    }
  }
}
