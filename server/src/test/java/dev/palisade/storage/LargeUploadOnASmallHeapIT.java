package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A file twice the size of the server's heap uploads and downloads: the packaged server runs with
 * {@code -Xmx256m} and a 512 MiB body streams through it ({@code bench/storage.sh heap} does 1
 * GiB).
 */
class LargeUploadOnASmallHeapIT {
  private static final long SIZE = 512L * 1024 * 1024;

  @Test
  void aBodyTwiceTheHeapStreamsInAndOutWithItsSha256() throws Exception {
    SmallHeapRoundTrip.Result r = SmallHeapRoundTrip.run(SIZE);
    assertThat(r.putStatus()).as(r.putBody() + r.output()).isEqualTo(200);
    assertThat(r.putBody()).contains(r.sent());
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.contentLength()).isEqualTo(SIZE);
    assertThat(r.read()).isEqualTo(SIZE);
    assertThat(r.received()).isEqualTo(r.sent());
    assertThat(r.output()).doesNotContain("OutOfMemoryError");
  }
}
