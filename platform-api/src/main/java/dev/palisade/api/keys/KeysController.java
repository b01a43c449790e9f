package dev.palisade.api.keys;

import dev.palisade.errors.PlatformException;
import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Permission;
import dev.palisade.keys.KeyProvider;
import dev.palisade.keys.OrgKeyProviders;
import dev.palisade.keys.ProviderCheck;
import dev.palisade.tenancy.Scope;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.Map;

/**
 * An organization's keyring: list versions, rotate, verify the provider live, and point the
 * organization at its own provider (self-managed keys). Needs {@code keys:manage}.
 */
@Controller("/api/v1/orgs/{slug}/keys")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class KeysController {
  private final AccessControl access;
  private final KeyringOperations keyrings;
  private final OrgKeyProviders providers;

  KeysController(AccessControl access, KeyringOperations keyrings, OrgKeyProviders providers) {
    this.access = access;
    this.keyrings = keyrings;
    this.providers = providers;
  }

  /**
   * {@code type} is install, vault, awskms or pkcs11; {@code settings} as in docs/key-providers.md.
   */
  record ProviderChange(@Nullable String type, @Nullable Map<String, Object> settings) {
    @Override
    public String toString() {
      return "ProviderChange[type=" + type + "]";
    }
  }

  @Get
  KeyringOperations.KeyringView get(Authentication auth, String slug) {
    return keyrings.view(Scope.of(access.requireOrg(auth, slug, Permission.KEYS_MANAGE).org()));
  }

  @Post("/rotate")
  KeyringOperations.KeyringView rotate(Authentication auth, String slug) {
    return keyrings.rotate(access.requireOrg(auth, slug, Permission.KEYS_MANAGE));
  }

  @Post("/verify")
  ProviderCheck verify(Authentication auth, String slug) {
    return keyrings.verify(access.requireOrg(auth, slug, Permission.KEYS_MANAGE));
  }

  @Put("/provider")
  KeyringOperations.KeyringView changeProvider(
      Authentication auth, String slug, @Body ProviderChange request) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.KEYS_MANAGE);
    if (request.type() == null) {
      throw PlatformException.invalidField("type", "is required");
    }
    boolean toInstall = OrgKeyProviders.INSTALL.equals(request.type());
    KeyProvider target =
        toInstall
            ? providers.install()
            : providers.build(
                providers.settings(Scope.of(a.org()), request.type(), request.settings()));
    try {
      return keyrings.changeProvider(a, request.type(), request.settings(), target);
    } finally {
      if (!toInstall && target instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // the cached instance is rebuilt from the stored settings
        }
      }
    }
  }
}
