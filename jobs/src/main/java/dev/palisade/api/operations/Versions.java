package dev.palisade.api.operations;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compares release versions ({@code MAJOR.MINOR.PATCH}, optional pre-release suffix). */
final class Versions {
  private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?(-.+)?");

  private Versions() {}

  /**
   * True if {@code latest} is a newer release than {@code running}, false if not, null if either is
   * unknown or not a version. A pre-release ranks below its release.
   */
  static Boolean newer(String latest, String running) {
    if (latest == null || running == null) {
      return null;
    }
    Matcher l = VERSION.matcher(latest.strip());
    Matcher r = VERSION.matcher(running.strip());
    if (!l.matches() || !r.matches()) {
      return null;
    }
    for (int i = 1; i <= 3; i++) {
      long a = part(l, i);
      long b = part(r, i);
      if (a != b) {
        return a > b;
      }
    }
    boolean latestPre = l.group(4) != null;
    boolean runningPre = r.group(4) != null;
    return runningPre && !latestPre;
  }

  private static long part(Matcher m, int group) {
    String g = m.group(group);
    return g == null ? 0 : Long.parseLong(g);
  }
}
