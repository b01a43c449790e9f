package dev.palisade.console.api;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The key the console's loopback calls carry in {@value #HEADER}: 32 random bytes drawn once per
 * process and never written anywhere. The platform's rate limiter lets a call from a loopback peer
 * that carries it through uncounted, because the console has already counted the request it is
 * serving against the real client (its own routes are limited like the API's); without that, every
 * console user would share the one bucket of {@code 127.0.0.1}. The bean is a plain {@code
 * Supplier<String>} named {@value #NAME}, so the platform needs nothing of the console to use it.
 */
@Factory
public final class RelayKey {
  public static final String NAME = "palisade-console-relay-key";
  public static final String HEADER = "X-Palisade-Console-Relay";

  @Singleton
  @Named(NAME)
  Supplier<String> relayKey() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    String key = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    return () -> key;
  }
}
