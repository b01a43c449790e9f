package dev.palisade.syslog;

import dev.palisade.errors.PlatformException;
import java.util.Locale;

/**
 * How messages reach a relay: one UDP datagram each, TCP with octet-counting framing (RFC 6587), or
 * the same over TLS 1.2 or later (RFC 5425).
 */
public enum Transport {
  UDP,
  TCP,
  TLS;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Transport parse(String field, String value) {
    for (Transport t : values()) {
      if (t.value().equals(value)) {
        return t;
      }
    }
    throw PlatformException.invalidField(field, "must be one of udp, tcp, tls");
  }
}
