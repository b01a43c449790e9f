package dev.palisade.events;

import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes security events older than their type's retention, in batches of {@link
 * EventsConfig#sweepBatchSize()} rows per statement (each its own short transaction). It touches
 * only {@code security_events}: audit entries, incidents and evidence are kept. Events of a type
 * that is no longer documented are kept for the default retention.
 */
@Singleton
public final class SecurityEventRetentionSweep {
  private static final Logger LOG = LoggerFactory.getLogger(SecurityEventRetentionSweep.class);

  private final Jdbi install;
  private final RetentionPolicies policies;
  private final EventsConfig config;
  private final Clock clock;

  SecurityEventRetentionSweep(
      Databases databases, RetentionPolicies policies, EventsConfig config, Clock clock) {
    this.install = databases.install();
    this.policies = policies;
    this.config = config;
    this.clock = clock;
  }

  /** Events deleted per type (only types with deletions), and the total. */
  public record Result(Map<String, Long> deleted, long total) {
    public Result {
      deleted = Map.copyOf(deleted);
    }

    /** e.g. "deleted 12 events (jobFailed: 10, licenseInvalid: 2)". */
    public String summary() {
      StringBuilder b = new StringBuilder("deleted " + total + (total == 1 ? " event" : " events"));
      if (!deleted.isEmpty()) {
        b.append(" (");
        new java.util.TreeMap<>(deleted)
            .forEach((t, n) -> b.append(t).append(": ").append(n).append(", "));
        b.setLength(b.length() - 2);
        b.append(')');
      }
      return b.toString();
    }
  }

  /** Sweeps every type; stops between batches once {@code cancelled} says so. */
  public Result sweep(BooleanSupplier cancelled) {
    Instant now = clock.instant();
    Map<String, Long> deleted = new LinkedHashMap<>();
    long total = 0;
    Map<String, Integer> days = policies.daysByType();
    for (Map.Entry<String, Integer> e : days.entrySet()) {
      long n =
          delete(
              "type = :type",
              "type",
              e.getKey(),
              now.minus(Duration.ofDays(e.getValue())),
              cancelled);
      if (n > 0) {
        deleted.put(e.getKey(), n);
        total += n;
      }
    }
    Instant cutoff = now.minus(Duration.ofDays(policies.defaultDays()));
    String[] documented = days.keySet().toArray(String[]::new);
    long other = delete("not (type = any(:types))", "types", documented, cutoff, cancelled);
    if (other > 0) {
      deleted.put("other", other);
      total += other;
    }
    Result result = new Result(deleted, total);
    LOG.info("security event retention: {}", result.summary());
    return result;
  }

  private long delete(
      String condition, String name, Object value, Instant cutoff, BooleanSupplier cancelled) {
    try {
      return install.withHandle(
          h -> {
            String sql =
                "delete from security_events where id in (select id from security_events where "
                    + condition
                    + " and occurred_at < :cutoff limit :batch)";
            long total = 0;
            int n;
            do {
              if (cancelled.getAsBoolean()) {
                break;
              }
              n =
                  h.createUpdate(sql)
                      .bind(name, value)
                      .bind("cutoff", cutoff)
                      .bind("batch", config.sweepBatchSize())
                      .execute();
              total += n;
            } while (n == config.sweepBatchSize());
            return total;
          });
    } catch (JdbiException e) {
      throw PlatformException.database("security events could not be swept", e);
    }
  }
}
