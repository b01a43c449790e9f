package dev.palisade.identity;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Shared identity singletons. */
@Factory
final class IdentityBeans {
  @Singleton
  PasswordHasher passwordHasher(HashingConfig hashing) {
    return new PasswordHasher(new HashingLimit(hashing));
  }
}
