package dev.palisade.identity;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Shared identity singletons. */
@Factory
final class IdentityBeans {
  @Singleton
  PasswordHasher passwordHasher() {
    return new PasswordHasher();
  }
}
