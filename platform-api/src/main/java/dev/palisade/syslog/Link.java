package dev.palisade.syslog;

/**
 * This instance's connection to one destination and what it sent that is not yet confirmed: a
 * stream's messages count as delivered once the relay still holds the connection open at the next
 * round. Used by the forwarder's thread only; {@link #connected} is read by views.
 */
final class Link {
  final SyslogSettings settings;
  RelayConnection connection;
  long pendingChain = -1;
  long pendingEvent = -1;
  volatile boolean connected;
  private int failures;
  private long retryAt;
  private int batch;

  Link(SyslogSettings settings) {
    this.settings = settings;
  }

  /**
   * How many entries, and how many events, the next round reads: {@code base} (the configured batch
   * size) while the destination keeps up; doubled after each full round up to {@link
   * SyslogConfig#MAX_BATCH}, so a backlog drains in fewer, larger rounds (each costs the same few
   * database round trips); back to {@code base} once a round was not full.
   */
  int batch(int base) {
    return batch < base ? base : batch;
  }

  void sized(boolean full, int base) {
    batch =
        full ? Math.min(Math.max(batch, base) * 2, Math.max(base, SyslogConfig.MAX_BATCH)) : base;
  }

  /** Whether a round may try this destination now, or must wait after recent failures. */
  boolean due(long nanoTime) {
    return failures == 0 || nanoTime - retryAt >= 0;
  }

  /**
   * Counts a failed attempt: the next waits twice as long as the last, from one poll interval up to
   * thirty, so that one unreachable relay does not take every round's time from the others.
   */
  void failed(long nanoTime, long pollNanos) {
    failures = Math.min(failures + 1, 5);
    retryAt = nanoTime + Math.min(pollNanos << failures, pollNanos * 30);
  }

  void succeeded() {
    failures = 0;
  }

  void disconnect() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
    pendingChain = -1;
    pendingEvent = -1;
    connected = false;
  }
}
