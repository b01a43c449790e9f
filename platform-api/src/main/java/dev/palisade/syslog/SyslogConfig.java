package dev.palisade.syslog;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * {@code palisade.syslog.*}: how far a destination may fall behind before its oldest entries are
 * skipped ({@code max-lag}, default 10,000), the SD-ID of the structured data ({@code sd-id},
 * default {@code palisade@32473}: 32473 is the enterprise number reserved for documentation), how
 * often destinations are polled ({@code poll-interval}, 500 ms), how many messages one round reads
 * per stream ({@code batch-size}, 500), connect and write timeouts ({@code connect-timeout}, 5 s;
 * {@code write-timeout}, 10 s) and how often the list of organizations with a destination is
 * re-read ({@code refresh-interval}, 30 s).
 */
@ConfigurationProperties("palisade.syslog")
public record SyslogConfig(
    @Nullable Integer maxLag,
    @Nullable String sdId,
    @Nullable Duration pollInterval,
    @Nullable Integer batchSize,
    @Nullable Duration connectTimeout,
    @Nullable Duration writeTimeout,
    @Nullable Duration refreshInterval) {

  /** The largest batch a round reads, configured or grown to while a backlog drains. */
  static final int MAX_BATCH = 10_000;

  public SyslogConfig {
    maxLag = maxLag == null ? 10_000 : maxLag;
    sdId = sdId == null ? "palisade@32473" : sdId;
    pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
    batchSize = batchSize == null ? 500 : batchSize;
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
    writeTimeout = writeTimeout == null ? Duration.ofSeconds(10) : writeTimeout;
    refreshInterval = refreshInterval == null ? Duration.ofSeconds(30) : refreshInterval;
    if (maxLag < 1) {
      throw new ConfigurationException("palisade.syslog.max-lag must be at least 1");
    }
    if (batchSize < 1 || batchSize > MAX_BATCH) {
      throw new ConfigurationException("palisade.syslog.batch-size must be 1 to 10000");
    }
    String problem = SdName.sdIdProblem(sdId);
    if (problem != null) {
      throw new ConfigurationException("palisade.syslog.sd-id " + problem);
    }
  }
}
