package dev.palisade.net;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * {@code palisade.net.allow} ({@code PALISADE_NET_ALLOW}): destinations every outbound client may
 * reach although the outbound guard would refuse them, as CIDRs ({@code 10.20.0.0/16}, {@code
 * fd12::/64}), single addresses or host names ({@code vault.internal}). Empty by default: no
 * private, loopback or link-local destination is reachable until it is listed here.
 */
@ConfigurationProperties("palisade.net")
public record NetConfig(@Nullable List<String> allow) {
  /** The setting, as named in messages. */
  public static final String ALLOW = "palisade.net.allow";

  public NetConfig {
    allow = allow == null ? List.of() : List.copyOf(allow);
  }
}
