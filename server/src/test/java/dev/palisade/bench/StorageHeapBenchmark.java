package dev.palisade.bench;

import dev.palisade.storage.SmallHeapRoundTrip;

/**
 * A 1 GiB file uploaded to and downloaded from the packaged server running with {@code -Xmx256m}:
 * the body streams, is hashed on the way, and comes back with the same SHA-256. Not a test: run
 * through {@code bench/storage.sh heap}.
 */
public final class StorageHeapBenchmark {
  private StorageHeapBenchmark() {}

  public static void main(String[] args) throws Exception {
    SmallHeapRoundTrip.Result r = SmallHeapRoundTrip.run(1L << 30);
    System.out.printf(
        "1 GiB at -Xmx256m: upload %d (%.0f MiB/s), download %d (%.0f MiB/s, %d bytes), SHA-256 %s%s%n",
        r.putStatus(),
        1024 / (r.upNanos() / 1e9),
        r.getStatus(),
        1024 / (r.downNanos() / 1e9),
        r.read(),
        r.sent().equals(r.received()) ? "matches" : "DIFFERS",
        r.output().contains("OutOfMemoryError") ? ", OutOfMemoryError in the server log" : "");
    System.exit(0);
  }
}
