package dev.palisade.ratelimit;

import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The client address of a request. Only a request whose peer is a trusted proxy ({@link
 * TrustedProxies}) has its {@code X-Forwarded-For} believed; the client is then the right-most
 * address in it that is not a trusted proxy. Entries are IP literals only: a name is never looked
 * up, and an entry that is not an address ends the walk. Thread-safe.
 */
@Singleton
public final class ClientAddresses {
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final List<Range> ranges;

  ClientAddresses(TrustedProxies config) {
    this.ranges = config.trustedProxies().stream().map(r -> Range.parse(r).orElseThrow()).toList();
  }

  /** The client of a request from {@code peer} carrying {@code forwardedFor} (may be null). */
  public InetAddress client(InetAddress peer, String forwardedFor) {
    if (forwardedFor == null || ranges.isEmpty() || !trusted(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",", 32);
    InetAddress client = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      Optional<InetAddress> hop = literal(hops[i].strip());
      if (hop.isEmpty()) {
        return client;
      }
      client = hop.get();
      if (!trusted(client)) {
        return client;
      }
    }
    return client;
  }

  private boolean trusted(InetAddress a) {
    for (Range r : ranges) {
      if (r.contains(a)) {
        return true;
      }
    }
    return false;
  }

  /** An IP literal, never a name (no DNS lookup is ever made). */
  static Optional<InetAddress> literal(String s) {
    if (!LITERAL.matcher(s).matches() || !(s.contains(".") || s.contains(":"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(s));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** An address and a prefix length. */
  record Range(byte[] network, int bits) {
    static Optional<Range> parse(String s) {
      int slash = s.indexOf('/');
      Optional<InetAddress> a = literal(slash < 0 ? s : s.substring(0, slash));
      if (a.isEmpty()) {
        return Optional.empty();
      }
      byte[] net = a.get().getAddress();
      int bits = net.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
        if (bits < 0 || bits > net.length * 8) {
          return Optional.empty();
        }
      }
      return Optional.of(new Range(net, bits));
    }

    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != network.length) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >>> (i % 8);
        if ((b[i / 8] & mask) != (network[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
