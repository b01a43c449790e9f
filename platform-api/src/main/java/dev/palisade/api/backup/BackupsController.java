package dev.palisade.api.backup;

import dev.palisade.backup.Backup;
import dev.palisade.backup.BackupConfig;
import dev.palisade.backup.Backups;
import dev.palisade.backup.RestoreValidations;
import dev.palisade.backup.Validation;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Caller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Backups of the install for install admins: run one now, list them, validate one (docs/backup.md).
 */
@Controller("/api/v1/install/backups")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class BackupsController {
  private final AccessControl access;
  private final Backups backups;
  private final RestoreValidations validations;
  private final BackupConfig config;

  BackupsController(
      AccessControl access, Backups backups, RestoreValidations validations, BackupConfig config) {
    this.access = access;
    this.backups = backups;
    this.validations = validations;
    this.config = config;
  }

  /** Starting a backup takes no fields: an empty body, {@code {}} or none at all. */
  record RunRequest() {}

  /** Validating a backup takes no fields either. */
  record ValidateRequest() {}

  /** Starts a backup: 202 with its id and state {@code running}; 409 while one is running. */
  @Post
  HttpResponse<Backup> run(Authentication auth, @Nullable @Body RunRequest request) {
    Caller caller = access.requireInstallAdmin(auth);
    Backups.Started started =
        backups
            .start("manual", caller.actor(), () -> false)
            .orElseThrow(
                () -> new PlatformException(ErrorCode.CONFLICT, "a backup is running already"));
    return HttpResponse.<Backup>status(HttpStatus.ACCEPTED).body(started.backup());
  }

  @Get
  Map<String, List<Backup>> list(Authentication auth) {
    access.requireInstallAdmin(auth);
    return Map.of("items", backups.recent());
  }

  @Get("/{id}")
  Backup get(Authentication auth, String id) {
    access.requireInstallAdmin(auth);
    return backups
        .find(uuid(id))
        .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "no such backup"));
  }

  /**
   * Validates a backup: 200 with the result when it ends within {@code
   * palisade.backup.validate-wait}, else 202 with the validation still {@code running} (its result
   * at {@code GET …/validation}); 409 while another validation runs.
   */
  @Post("/{id}/validate")
  HttpResponse<Validation> validate(
      Authentication auth, String id, @Nullable @Body ValidateRequest request) {
    Caller caller = access.requireInstallAdmin(auth);
    UUID backupId = uuid(id);
    RestoreValidations.Started started =
        validations
            .start(backupId, "manual", caller.actor(), () -> false)
            .orElseThrow(
                () ->
                    new PlatformException(
                        ErrorCode.CONFLICT, "a restore validation is running already"));
    try {
      Validation done = started.done().get(config.validateWait().toMillis(), TimeUnit.MILLISECONDS);
      return HttpResponse.ok(done);
    } catch (TimeoutException e) {
      return HttpResponse.<Validation>status(HttpStatus.ACCEPTED).body(started.validation());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HttpResponse.<Validation>status(HttpStatus.ACCEPTED).body(started.validation());
    } catch (ExecutionException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "the validation could not be recorded", e);
    }
  }

  @Get("/{id}/validation")
  Validation validation(Authentication auth, String id) {
    access.requireInstallAdmin(auth);
    UUID backupId = uuid(id);
    if (backups.find(backupId).isEmpty()) {
      throw new PlatformException(ErrorCode.NOT_FOUND, "no such backup");
    }
    return validations
        .latest(backupId)
        .orElseThrow(
            () -> new PlatformException(ErrorCode.NOT_FOUND, "the backup was never validated"));
  }

  /** A backup id from the path: a 422 naming {@code id} unless it is a UUID in canonical form. */
  private static UUID uuid(String id) {
    if (id == null || id.length() != 36) {
      throw PlatformException.invalidField("id", "must be a backup id (UUID)");
    }
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw PlatformException.invalidField("id", "must be a backup id (UUID)");
    }
  }
}
