package dev.palisade.events;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.palisade.errors.PlatformException;
import java.util.Locale;

/** How urgently a security event or incident needs a person. */
public enum Severity {
  INFO,
  WARNING,
  HIGH,
  CRITICAL;

  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity parse(String field, String value) {
    for (Severity s : values()) {
      if (s.value().equals(value)) {
        return s;
      }
    }
    throw PlatformException.invalidField(field, "must be one of info, warning, high, critical");
  }
}
