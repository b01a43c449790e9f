package dev.palisade.syslog;

import dev.palisade.errors.PlatformException;
import java.util.Locale;

/** The facilities a destination may use: {@code local0} to {@code local7} (codes 16 to 23). */
public enum Facility {
  LOCAL0,
  LOCAL1,
  LOCAL2,
  LOCAL3,
  LOCAL4,
  LOCAL5,
  LOCAL6,
  LOCAL7;

  public int code() {
    return 16 + ordinal();
  }

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Facility parse(String field, String value) {
    for (Facility f : values()) {
      if (f.value().equals(value)) {
        return f;
      }
    }
    throw PlatformException.invalidField(field, "must be one of local0 to local7");
  }
}
