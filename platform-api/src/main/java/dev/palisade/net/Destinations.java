package dev.palisade.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Which addresses no outbound client may reach unless the operator allows them, and why. The
 * reasons are a fixed vocabulary, documented in docs/outbound.md: {@code unspecified}, {@code
 * loopback}, {@code metadata} (the cloud instance metadata service), {@code link-local}, {@code
 * private}, {@code cgnat}, {@code multicast} and {@code reserved}. IPv6 forms that carry an IPv4
 * address (mapped, compatible, NAT64, 6to4) are judged by the IPv4 address they carry.
 */
final class Destinations {
  private Destinations() {}

  /** Why {@code a} is refused, or empty when it is an ordinary public address. */
  static Optional<String> refusal(InetAddress a) {
    if (a instanceof Inet4Address v4) {
      return ipv4(v4.getAddress());
    }
    return ipv6((Inet6Address) a);
  }

  private static Optional<String> ipv4(byte[] b) {
    int o1 = b[0] & 0xff;
    int o2 = b[1] & 0xff;
    int o3 = b[2] & 0xff;
    int o4 = b[3] & 0xff;
    String reason = null;
    if (o1 == 0) {
      reason = "unspecified";
    } else if (o1 == 127) {
      reason = "loopback";
    } else if (o1 == 169 && o2 == 254) {
      reason = o3 == 169 && o4 == 254 ? "metadata" : "link-local";
    } else if (o1 == 10 || o1 == 172 && (o2 & 0xf0) == 16 || o1 == 192 && o2 == 168) {
      reason = "private";
    } else if (o1 == 100 && (o2 & 0xc0) == 64) {
      reason = "cgnat";
    } else if (o1 >= 224 && o1 <= 239) {
      reason = "multicast";
    } else if (o1 >= 240 || o1 == 192 && o2 == 0 && o3 == 0 || o1 == 198 && (o2 & 0xfe) == 18) {
      reason = "reserved";
    }
    return Optional.ofNullable(reason);
  }

  private static Optional<String> ipv6(Inet6Address a) {
    byte[] b = a.getAddress();
    if (a.isAnyLocalAddress()) {
      return Optional.of("unspecified");
    }
    if (a.isLoopbackAddress()) {
      return Optional.of("loopback");
    }
    if (Arrays.equals(b, METADATA_V6)) {
      return Optional.of("metadata");
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    if (first == 0xff) {
      return Optional.of("multicast");
    }
    if (first == 0xfe && (second & 0xc0) == 0x80) {
      return Optional.of("link-local");
    }
    if ((first & 0xfe) == 0xfc || first == 0xfe && (second & 0xc0) == 0xc0) {
      return Optional.of("private");
    }
    if (zeros(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff || zeros(b, 0, 12)) {
      return ipv4(
          Arrays.copyOfRange(b, 12, 16)); // IPv4-mapped ::ffff:a.b.c.d, compatible ::a.b.c.d
    }
    if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
      return ipv4(Arrays.copyOfRange(b, 12, 16)); // NAT64 64:ff9b::/96
    }
    if (first == 0x20 && second == 0x02) {
      return ipv4(Arrays.copyOfRange(b, 2, 6)); // 6to4 2002::/16
    }
    if (first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0) {
      return Optional.of("reserved"); // Teredo 2001::/32 hides an IPv4 address
    }
    return Optional.empty();
  }

  private static final byte[] METADATA_V6 = v6("fd00:ec2::254");

  private static boolean zeros(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] v6(String literal) {
    try {
      return InetAddress.getByName("[" + literal + "]").getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
