package dev.palisade.api.storage;

import dev.palisade.errors.PlatformException;
import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Permission;
import dev.palisade.storage.Binding;
import dev.palisade.storage.MigrationRun;
import dev.palisade.tenancy.Scope;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An organization's storage bindings and migration runs. {@code audit:view} to read, {@code
 * settings:manage} to change.
 */
@Controller("/api/v1/orgs/{slug}/storage")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class StorageController {
  private final AccessControl access;
  private final StorageOperations operations;

  StorageController(AccessControl access, StorageOperations operations) {
    this.access = access;
    this.operations = operations;
  }

  /** {@code type} s3 or local_filesystem_dedicated; {@code settings} as in docs/storage.md. */
  record NewBinding(@Nullable String type, @Nullable Map<String, Object> settings) {
    @Override
    public String toString() {
      return "NewBinding[type=" + type + "]";
    }
  }

  record Activation(@Nullable String reason) {}

  @Get
  StorageOperations.StorageView get(Authentication auth, String slug) {
    return operations.view(Scope.of(access.requireOrg(auth, slug, Permission.AUDIT_VIEW).org()));
  }

  @Post("/bindings")
  HttpResponse<Binding> create(Authentication auth, String slug, @Body NewBinding request) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.SETTINGS_MANAGE);
    if (request.type() == null) {
      throw PlatformException.invalidField("type", "is required");
    }
    return HttpResponse.created(operations.create(a, request.type(), request.settings()));
  }

  @Post("/bindings/{id}/validate")
  Binding validate(Authentication auth, String slug, String id) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.SETTINGS_MANAGE);
    return operations.validate(a, uuid(id));
  }

  @Post("/bindings/{id}/activate")
  Binding activate(Authentication auth, String slug, String id, @Body Activation request) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.SETTINGS_MANAGE);
    return operations.activate(a, uuid(id), request.reason());
  }

  @Get("/migrations")
  Map<String, List<MigrationRun>> migrations(Authentication auth, String slug) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.AUDIT_VIEW);
    return Map.of("items", operations.migrations(Scope.of(a.org())));
  }

  @Get("/migrations/{id}")
  MigrationRun migration(Authentication auth, String slug, String id) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.AUDIT_VIEW);
    return operations.migration(Scope.of(a.org()), uuid(id));
  }

  @Post("/migrations/{id}/cancel")
  MigrationRun cancel(Authentication auth, String slug, String id) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.SETTINGS_MANAGE);
    return operations.cancel(a, uuid(id));
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw PlatformException.invalidField("id", "is not a UUID");
    }
  }
}
