package dev.palisade.syslog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code palisade_syslog_messages_total{scope_type,transport,result}} (result {@code sent} or
 * {@code failed}), {@code palisade_syslog_truncated_total{scope_type}} (datagrams cut at 2,048
 * octets), {@code palisade_syslog_dropped_total{scope_type}} (entries skipped over the lag limit)
 * and {@code palisade_syslog_lag_entries}, the largest lag of this instance's destinations.
 */
@Singleton
final class SyslogMetrics {
  private final MeterRegistry registry;
  private final Map<String, Long> lags = new ConcurrentHashMap<>();

  SyslogMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("palisade.syslog.lag.entries", lags, SyslogMetrics::max)
        .description("Entries the furthest-behind syslog destination has yet to deliver")
        .register(registry);
    for (String scope : new String[] {"install", "org"}) {
      dropped(scope, 0);
    }
  }

  private static double max(Map<String, Long> lags) {
    return lags.values().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  void lag(String scopeId, long lag) {
    lags.put(scopeId, lag);
  }

  void forget(String scopeId) {
    lags.remove(scopeId);
  }

  void messages(String scopeType, Transport transport, String result, int n) {
    Counter.builder("palisade.syslog.messages")
        .description("Syslog messages by destination scope, transport and result")
        .tag("scope_type", scopeType)
        .tag("transport", transport.value())
        .tag("result", result)
        .register(registry)
        .increment(n);
  }

  void truncated(String scopeType, int n) {
    Counter.builder("palisade.syslog.truncated")
        .description("Syslog datagrams cut to 2048 octets")
        .tag("scope_type", scopeType)
        .register(registry)
        .increment(n);
  }

  void dropped(String scopeType, long n) {
    Counter.builder("palisade.syslog.dropped")
        .description("Entries skipped because a syslog destination fell behind the lag limit")
        .tag("scope_type", scopeType)
        .register(registry)
        .increment(n);
  }
}
