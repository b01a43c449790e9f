package dev.palisade.net;

import static java.util.Objects.requireNonNull;

/**
 * Published (as an application event) each time the {@link OutboundGuard} refuses a destination.
 * {@code client} is one of the fixed client names ({@code vault}, {@code awskms}, {@code
 * control-plane}), {@code host} the destination as the guard saw it (at most 253 characters of a
 * host name or address, else {@code (invalid host)}), {@code reason} one of the documented reasons
 * ({@link Destinations}). None of them carries a secret.
 */
public record OutboundBlocked(String client, String host, String reason) {
  public OutboundBlocked {
    requireNonNull(client, "client is null");
    requireNonNull(host, "host is null");
    requireNonNull(reason, "reason is null");
  }
}
