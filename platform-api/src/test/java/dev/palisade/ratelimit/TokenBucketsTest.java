package dev.palisade.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketsTest {
  private static final long SECOND = 1_000_000_000L;
  private final Policy auth = new Policy(Category.AUTH, 3, 60);

  @Test
  void allowsTheBurstThenOneRequestPerRefill() {
    TokenBuckets b = new TokenBuckets(6400);
    for (int i = 0; i < 3; i++) {
      assertThat(b.take("k", auth, 0).allowed()).isTrue();
    }
    TokenBuckets.Decision refused = b.take("k", auth, 0);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.waitNanos()).isEqualTo(SECOND);
    assertThat(b.take("k", auth, SECOND / 2).allowed()).isFalse();
    assertThat(b.take("k", auth, SECOND).allowed()).isTrue();
    assertThat(b.take("other", auth, SECOND).allowed()).as("another key").isTrue();
  }

  @Test
  void neverHoldsMoreBucketsThanItsCapWhateverTheNumberOfKeys() {
    TokenBuckets b = new TokenBuckets(6400);
    for (int i = 0; i < 200_000; i++) {
      b.take("addr-" + i, auth, i);
    }
    assertThat(b.size()).isLessThanOrEqualTo(6400);
  }

  @Test
  void keepsTheBucketOfAClientThatKeepsComing() {
    TokenBuckets b = new TokenBuckets(6400);
    for (int i = 0; i < 3; i++) {
      b.take("steady", auth, 0);
    }
    for (int i = 0; i < 200_000; i++) {
      b.take("addr-" + i, auth, 0);
      if (i % 50 == 0) {
        b.take("steady", auth, 0);
      }
    }
    assertThat(b.take("steady", auth, 0).allowed()).as("its bucket is still empty").isFalse();
  }
}
