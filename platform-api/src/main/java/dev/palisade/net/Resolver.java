package dev.palisade.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into its addresses for the {@link OutboundGuard}. The guard asks once per
 * connection and connects to an address it was given, so what it checked is what it reaches. The
 * server uses the system resolver; tests give one of their own. Implementations are thread-safe.
 */
public interface Resolver {
  /** Every address of {@code host} (a name, never an address literal); never empty. */
  InetAddress[] resolve(String host) throws UnknownHostException;
}
