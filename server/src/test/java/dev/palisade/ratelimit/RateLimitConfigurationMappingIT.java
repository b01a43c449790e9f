package dev.palisade.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.identity.HashingConfig;
import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rate-limit, trusted-proxy and hashing settings: their defaults and their full mapping. */
class RateLimitConfigurationMappingIT {
  @Test
  void defaults() throws Exception {
    Map<String, Object> unset = new HashMap<>();
    TestServer.RAISED_LIMITS.keySet().forEach(k -> unset.put(k, null));
    try (TestServer server = TestServer.start(unset)) {
      RateLimitConfig r = server.context().getBean(RateLimitConfig.class);
      assertThat(r.enabled()).isTrue();
      assertThat(r.maxBuckets()).isEqualTo(100_000);
      assertThat(r.refusalDelay()).isEqualTo(Duration.ofSeconds(1));
      assertThat(r.maxDelayedRefusals()).isEqualTo(10_000);
      assertThat(r.policy(Category.AUTH)).isEqualTo(new Policy(Category.AUTH, 20, 20));
      assertThat(r.policy(Category.WRITE)).isEqualTo(new Policy(Category.WRITE, 120, 240));
      assertThat(r.policy(Category.READ)).isEqualTo(new Policy(Category.READ, 600, 1200));
      assertThat(r.policy(Category.EXPORT)).isEqualTo(new Policy(Category.EXPORT, 10, 20));
      assertThat(r.policy(Category.VERIFY)).isEqualTo(new Policy(Category.VERIFY, 10, 20));
      assertThat(server.context().getBean(TrustedProxies.class).trustedProxies()).isEmpty();
      HashingConfig h = server.context().getBean(HashingConfig.class);
      assertThat(h.concurrency()).isZero();
      assertThat(h.permits()).isEqualTo(Runtime.getRuntime().availableProcessors());
      assertThat(h.queue()).isEqualTo(8);
      assertThat(h.queueWait()).isEqualTo(Duration.ofSeconds(2));
      assertThat(h.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void fullMapping() throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put("palisade.ratelimit.max-buckets", 5000);
    props.put("palisade.ratelimit.refusal-delay", "250ms");
    props.put("palisade.ratelimit.max-delayed-refusals", 7);
    String[] categories = {"auth", "write", "read", "export", "verify"};
    for (int i = 0; i < categories.length; i++) {
      props.put("palisade.ratelimit." + categories[i] + "-burst", 11 + i);
      props.put("palisade.ratelimit." + categories[i] + "-per-minute", 31 + i);
    }
    props.put("palisade.http.trusted-proxies", "10.0.0.0/8, ::1");
    props.put("palisade.identity.hashing.concurrency", 3);
    props.put("palisade.identity.hashing.queue", 5);
    props.put("palisade.identity.hashing.queue-wait", "750ms");
    props.put("palisade.identity.hashing.retry-after", "4s");
    try (TestServer server = TestServer.start(props)) {
      RateLimitConfig r = server.context().getBean(RateLimitConfig.class);
      assertThat(r.maxBuckets()).isEqualTo(5000);
      assertThat(r.refusalDelay()).isEqualTo(Duration.ofMillis(250));
      assertThat(r.maxDelayedRefusals()).isEqualTo(7);
      for (Category c : Category.values()) {
        assertThat(r.policy(c)).isEqualTo(new Policy(c, 11 + c.ordinal(), 31 + c.ordinal()));
      }
      assertThat(server.context().getBean(TrustedProxies.class).trustedProxies())
          .isEqualTo(List.of("10.0.0.0/8", "::1"));
      HashingConfig h = server.context().getBean(HashingConfig.class);
      assertThat(h.permits()).isEqualTo(3);
      assertThat(h.queue()).isEqualTo(5);
      assertThat(h.queueWait()).isEqualTo(Duration.ofMillis(750));
      assertThat(h.retryAfter()).isEqualTo(Duration.ofSeconds(4));
    }
    try (TestServer off = TestServer.start(Map.of("palisade.ratelimit.enabled", false))) {
      assertThat(off.context().findBean(RateLimitFilter.class)).isEmpty();
    }
  }
}
