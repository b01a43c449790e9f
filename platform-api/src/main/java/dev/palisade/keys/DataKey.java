package dev.palisade.keys;

import static java.util.Objects.requireNonNull;

/**
 * A plaintext data key with its wrapped form. The holder zeroes {@link #plaintext()} with {@link
 * #destroy()} as soon as it is no longer needed; {@link #toString()} never shows it.
 */
public record DataKey(byte[] plaintext, WrappedKey wrapped) {
  public DataKey {
    requireNonNull(plaintext, "plaintext is null");
    requireNonNull(wrapped, "wrapped is null");
  }

  public void destroy() {
    java.util.Arrays.fill(plaintext, (byte) 0);
  }

  @Override
  public String toString() {
    return "DataKey[wrapped=" + wrapped + "]";
  }
}
