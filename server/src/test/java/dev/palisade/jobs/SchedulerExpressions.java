package dev.palisade.jobs;

import java.time.Duration;

/**
 * A job's cadence as an EventBridge Scheduler expression. A cadence of whole minutes becomes {@code
 * rate(<n> <unit>)} in the largest unit that divides it (days, hours, minutes), singular for one:
 * {@code rate(1 day)}, {@code rate(15 minutes)}, {@code rate(90 minutes)}. EventBridge Scheduler
 * runs a rate schedule at most once a minute, so a cadence under a minute or not a whole number of
 * minutes has no expression and is refused: the schedule would not run the job as often as the
 * Sovereign scheduler does.
 */
final class SchedulerExpressions {
  private SchedulerExpressions() {}

  static String of(Duration cadence) {
    if (cadence.isNegative() || cadence.isZero()) {
      throw new IllegalArgumentException("cadence must be positive, got " + cadence);
    }
    if (cadence.toNanos() % Duration.ofMinutes(1).toNanos() != 0) {
      throw new IllegalArgumentException(
          "cadence "
              + cadence
              + " is not a whole number of minutes; EventBridge Scheduler rates are whole minutes");
    }
    long minutes = cadence.toMinutes();
    if (minutes % (24 * 60) == 0) {
      return rate(minutes / (24 * 60), "day");
    }
    if (minutes % 60 == 0) {
      return rate(minutes / 60, "hour");
    }
    return rate(minutes, "minute");
  }

  private static String rate(long value, String unit) {
    return "rate(" + value + " " + unit + (value == 1 ? "" : "s") + ")";
  }
}
