package dev.palisade.identity;

/**
 * Marks the password hashes a request thread computes as those of a quiet client: one that has used
 * little of its sign-in rate limit lately, as the rate limiter judges it. Such hashes go ahead of
 * the ordinary queue of {@link HashingLimit}. The mark is held by the calling thread for the length
 * of a try-with-resources block; hashes run on the thread that asks for them.
 */
public final class HashingPriority implements AutoCloseable {
  private static final ThreadLocal<Boolean> QUIET = new ThreadLocal<>();
  private static final HashingPriority NONE = new HashingPriority(false);

  private final boolean set;

  private HashingPriority(boolean set) {
    this.set = set;
  }

  /** Marks this thread's hashes as a quiet client's until {@link #close}, if {@code quiet}. */
  public static HashingPriority of(boolean quietClient) {
    if (!quietClient) {
      return NONE;
    }
    QUIET.set(Boolean.TRUE);
    return new HashingPriority(true);
  }

  static boolean quiet() {
    return QUIET.get() != null;
  }

  @Override
  public void close() {
    if (set) {
      QUIET.remove();
    }
  }
}
