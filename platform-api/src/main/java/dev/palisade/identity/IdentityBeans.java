package dev.palisade.identity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Shared identity singletons. */
@Factory
final class IdentityBeans {
  @Singleton
  PasswordHasher passwordHasher(HashingConfig hashing, MeterRegistry registry) {
    Counter refused =
        Counter.builder("palisade.password.hash.refused")
            .description("Password hashes refused with 503 busy: no slot free and the queue full")
            .register(registry);
    return new PasswordHasher(new HashingLimit(hashing, refused::increment));
  }
}
