package dev.palisade.net;

import io.micronaut.context.exceptions.ConfigurationException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The parsed {@code palisade.net.allow}: host names (matched exactly, without case) and address
 * ranges. A listed name may resolve to any address; otherwise every address must lie in a listed
 * range. An entry that is neither stops the start naming the setting, never the value.
 */
final class AllowList {
  private record Range(byte[] network, int bits) {
    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != network.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((b[i / 8] & mask) != (network[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private final Set<String> names = new HashSet<>();
  private final List<Range> ranges = new ArrayList<>();

  AllowList(List<String> entries) {
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i) == null ? "" : entries.get(i).trim();
      if (!entry.isEmpty() && !add(entry)) {
        throw new ConfigurationException(
            NetConfig.ALLOW
                + " (PALISADE_NET_ALLOW) entry "
                + (i + 1)
                + " is neither a CIDR, an address nor a host name");
      }
    }
  }

  private boolean add(String entry) {
    int slash = entry.indexOf('/');
    String host = HostLiteral.normalize(slash < 0 ? entry : entry.substring(0, slash));
    Optional<InetAddress> address;
    try {
      address = HostLiteral.parse(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (address.isEmpty()) {
      if (slash >= 0) {
        return false;
      }
      names.add(host);
      return true;
    }
    int max = address.get().getAddress().length * 8;
    int bits = max;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        return false;
      }
      if (bits < 0 || bits > max) {
        return false;
      }
    }
    ranges.add(new Range(address.get().getAddress(), bits));
    return true;
  }

  /** Whether {@code host} (normalized) is a listed name. */
  boolean allowsName(String host) {
    return names.contains(host);
  }

  /** Whether {@code a} lies in a listed range. */
  boolean allowsAddress(InetAddress a) {
    return ranges.stream().anyMatch(r -> r.contains(a));
  }
}
