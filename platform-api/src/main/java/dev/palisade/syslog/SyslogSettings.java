package dev.palisade.syslog;

import static java.util.Objects.requireNonNull;

import dev.palisade.errors.PlatformException;
import dev.palisade.net.PemTrust;
import java.security.GeneralSecurityException;

/**
 * A destination's settings, validated: {@code host} (a name or an address, at most 253 characters),
 * {@code port}, {@code transport}, {@code facility}, an optional {@code hostname} override (the
 * HOSTNAME field: 1 to 255 printable US-ASCII characters), {@code appName} (1 to 48 printable
 * US-ASCII characters), an optional {@code caCertPem} (PEM certificates trusted instead of the
 * system's, at most 65,536 characters, {@code tls} only) and {@code enabled}. A refusal is a 422
 * naming the field.
 */
public record SyslogSettings(
    String host,
    int port,
    Transport transport,
    Facility facility,
    String hostname,
    String appName,
    String caCertPem,
    boolean enabled) {
  public static final int HOST_MAX = 253;
  public static final int CA_PEM_MAX = 65_536;
  public static final String DEFAULT_APP_NAME = "palisade";

  public SyslogSettings {
    requireNonNull(transport, "transport is null");
    requireNonNull(facility, "facility is null");
    requireNonNull(appName, "appName is null");
    if (host == null || host.isBlank()) {
      throw PlatformException.invalidField("host", "is required");
    }
    if (host.length() > HOST_MAX || !host.matches("[A-Za-z0-9._:-]+|\\[[0-9A-Fa-f:.]+\\]")) {
      throw PlatformException.invalidField(
          "host", "must be a host name or an address of at most " + HOST_MAX + " characters");
    }
    if (port < 1 || port > 65_535) {
      throw PlatformException.invalidField("port", "must be 1 to 65535");
    }
    ascii("hostname", hostname, Rfc5424.HOSTNAME_MAX);
    ascii("appName", appName, Rfc5424.APP_NAME_MAX);
    if (appName.isEmpty()) {
      throw PlatformException.invalidField("appName", "must not be empty");
    }
    if (caCertPem != null) {
      if (transport != Transport.TLS) {
        throw PlatformException.invalidField("caCertPem", "is for the tls transport only");
      }
      if (caCertPem.length() > CA_PEM_MAX) {
        throw PlatformException.invalidField(
            "caCertPem", "must be at most " + CA_PEM_MAX + " characters");
      }
      try {
        PemTrust.certificates(caCertPem);
      } catch (GeneralSecurityException | RuntimeException e) {
        throw PlatformException.invalidField("caCertPem", "must be PEM X.509 certificates");
      }
    }
  }

  private static void ascii(String field, String value, int max) {
    if (value == null) {
      return;
    }
    if (value.isEmpty()
        || value.length() > max
        || !value.chars().allMatch(c -> c >= 33 && c <= 126)) {
      throw PlatformException.invalidField(
          field, "must be 1 to " + max + " printable US-ASCII characters without spaces");
    }
  }

  /** The host as an address literal or name, without IPv6 brackets. */
  public String bareHost() {
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  @Override
  public String toString() {
    return "SyslogSettings[" + transport.value() + "://" + host + ":" + port + "]";
  }
}
