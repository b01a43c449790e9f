package dev.palisade.ratelimit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * {@code palisade.http.trusted-proxies}: addresses or CIDR ranges of the reverse proxies in front
 * of the server, whose {@code X-Forwarded-For} is believed (see {@link ClientAddresses}). Empty by
 * default: the peer is the client. A value that is not an address or range stops the start.
 */
@ConfigurationProperties("palisade.http")
public record TrustedProxies(@Bindable(defaultValue = "") List<String> trustedProxies) {
  public TrustedProxies {
    trustedProxies =
        trustedProxies == null
            ? List.of()
            : trustedProxies.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    for (String r : trustedProxies) {
      if (ClientAddresses.Range.parse(r).isEmpty()) {
        throw new IllegalArgumentException(
            "palisade.http.trusted-proxies: not an address or CIDR range: " + r);
      }
    }
  }
}
