package dev.palisade.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the host part of a URL the way resolvers and browsers do, so that no spelling of an address
 * slips past the guard as a "name": IPv6 literals with or without brackets, and IPv4 in every form
 * {@code inet_aton} accepts ({@code 2130706433}, {@code 127.1}, {@code 0x7f000001}, {@code
 * 017700000001}). A host whose last label is a number but that is no valid address is refused
 * (WHATWG URL rule), as is one that is not a valid host name.
 */
final class HostLiteral {
  private static final Pattern NUMERIC_LABEL = Pattern.compile("(?i)0x[0-9a-f]*|[0-9]+");
  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private HostLiteral() {}

  /** The host in lower case, without brackets or a trailing dot. */
  static String normalize(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.endsWith(".") && h.length() > 1 ? h.substring(0, h.length() - 1) : h;
  }

  /**
   * The address {@code host} spells (normalized), or empty when it is a host name.
   *
   * @throws IllegalArgumentException when it is neither a valid address nor a valid host name
   */
  static Optional<InetAddress> parse(String host) {
    if (host.isEmpty() || host.length() > 253) {
      throw new IllegalArgumentException("invalid host");
    }
    if (host.indexOf(':') >= 0) {
      return Optional.of(ipv6(host));
    }
    String[] labels = host.split("\\.", -1);
    if (NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
      return Optional.of(ipv4(labels));
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException("invalid host");
      }
    }
    return Optional.empty();
  }

  private static InetAddress ipv6(String host) {
    if (!IPV6.matcher(host).matches()) {
      throw new IllegalArgumentException("invalid host");
    }
    try {
      // bracketed, the JDK parses the literal and never asks a resolver
      return InetAddress.getByName("[" + host + "]");
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("invalid host");
    }
  }

  private static InetAddress ipv4(String[] labels) {
    if (labels.length > 4) {
      throw new IllegalArgumentException("invalid host");
    }
    long[] parts = new long[labels.length];
    for (int i = 0; i < labels.length; i++) {
      parts[i] = number(labels[i]);
    }
    long value = 0;
    for (int i = 0; i < parts.length - 1; i++) {
      if (parts[i] > 255) {
        throw new IllegalArgumentException("invalid host");
      }
      value = value << 8 | parts[i];
    }
    int rest = 4 - (parts.length - 1);
    long last = parts[parts.length - 1];
    if (last >= 1L << (8 * rest)) {
      throw new IllegalArgumentException("invalid host");
    }
    value = value << (8 * rest) | last;
    byte[] b = {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value};
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long number(String label) {
    try {
      String s = label.toLowerCase(Locale.ROOT);
      if (s.startsWith("0x")) {
        return s.length() == 2 ? 0 : bounded(Long.parseLong(s.substring(2), 16), s);
      }
      if (s.length() > 1 && s.startsWith("0")) {
        return bounded(Long.parseLong(s.substring(1), 8), s);
      }
      return bounded(Long.parseLong(s), s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid host");
    }
  }

  private static long bounded(long v, String s) {
    if (v < 0 || v > 0xFFFFFFFFL || s.length() > 12) {
      throw new IllegalArgumentException("invalid host");
    }
    return v;
  }
}
