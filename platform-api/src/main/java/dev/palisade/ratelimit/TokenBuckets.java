package dev.palisade.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets by key, bounded in memory: {@value #SHARDS} shards, each a least-recently-used map
 * of at most {@code maxBuckets / SHARDS} entries. A key seen for the first time gets a full bucket,
 * so dropping the least recently used bucket of a full shard only forgets a client that has been
 * idle longest (whose bucket has most likely refilled anyway); an attacker rotating addresses
 * pushes out mostly its own buckets and can never grow the table. Time is given by the caller, in
 * nanoseconds of the platform clock. Thread-safe.
 */
final class TokenBuckets {
  static final int SHARDS = 64;

  /** The answer for one request. {@code waitNanos} is 0 when allowed. */
  record Decision(boolean allowed, int remaining, long waitNanos, long fullInNanos) {}

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  private final Shard[] shards = new Shard[SHARDS];

  TokenBuckets(int maxBuckets) {
    int perShard = Math.max(1, maxBuckets / SHARDS);
    for (int i = 0; i < SHARDS; i++) {
      shards[i] = new Shard(perShard);
    }
  }

  Decision take(String key, Policy policy, long nowNanos) {
    Shard shard = shards[Math.floorMod(key.hashCode(), SHARDS)];
    synchronized (shard) {
      Bucket b = shard.get(key);
      if (b == null) {
        b = new Bucket(policy.burst(), nowNanos);
        shard.put(key, b);
      }
      double rate = policy.refillPerNano();
      long elapsed = Math.max(0, nowNanos - b.at);
      b.tokens = Math.min(policy.burst(), b.tokens + elapsed * rate);
      b.at = Math.max(b.at, nowNanos);
      boolean allowed = b.tokens >= 1;
      if (allowed) {
        b.tokens -= 1;
      }
      long wait = allowed ? 0 : (long) Math.ceil((1 - b.tokens) / rate);
      long full = (long) Math.ceil((policy.burst() - b.tokens) / rate);
      return new Decision(allowed, (int) Math.floor(b.tokens), wait, full);
    }
  }

  /** How many buckets are held, over all shards. */
  int size() {
    int n = 0;
    for (Shard s : shards) {
      synchronized (s) {
        n += s.size();
      }
    }
    return n;
  }

  private static final class Shard extends LinkedHashMap<String, Bucket> {
    private static final long serialVersionUID = 1L;
    private final int max;

    Shard(int max) {
      super(16, 0.75f, true);
      this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
      return size() > max;
    }
  }
}
