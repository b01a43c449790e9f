package dev.palisade.telemetry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import jakarta.inject.Singleton;

/**
 * Keeps the exposition clean under {@code promtool check metrics}: every series has help text, no
 * counter-like gauge ends in {@code _count}, and no name carries an abbreviated unit.
 */
@Singleton
final class PrometheusHygiene implements MeterFilter {
  @Override
  public MeterFilterReply accept(Meter.Id id) {
    // process_cpu_time_ns_total duplicates process_cpu_seconds_total with a nanosecond unit.
    return id.getName().equals("process.cpu.time")
        ? MeterFilterReply.DENY
        : MeterFilterReply.NEUTRAL;
  }

  @Override
  public Meter.Id map(Meter.Id id) {
    Meter.Id out = id;
    if (out.getName().equals("system.cpu.count")) {
      out = out.withName("system.cpus.available");
    }
    if (out.getDescription() == null || out.getDescription().isBlank()) {
      out =
          new Meter.Id(
              out.getName(),
              io.micrometer.core.instrument.Tags.of(out.getTagsAsIterable()),
              out.getBaseUnit(),
              out.getName().replace('.', ' '),
              out.getType());
    }
    return out;
  }
}
