package dev.palisade.api.license;

import dev.palisade.errors.PlatformException;
import dev.palisade.identity.AccessControl;
import dev.palisade.license.LicenseStatus;
import dev.palisade.license.Licenses;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The install's license (install admins): its status, and the import of a signed license. */
@Controller("/api/v1/install/license")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class LicenseController {
  private static final Logger LOG = LoggerFactory.getLogger(LicenseController.class);

  private final AccessControl access;
  private final Licenses licenses;

  LicenseController(AccessControl access, Licenses licenses) {
    this.access = access;
    this.licenses = licenses;
  }

  @Get
  LicenseStatus get(Authentication auth) {
    access.requireInstallAdmin(auth);
    return licenses.status();
  }

  /** Body: the signed license envelope (see docs/license.md). Answers with the new status. */
  @Put
  @Consumes(MediaType.APPLICATION_JSON)
  LicenseStatus put(Authentication auth, @Body String body) {
    String actor = access.requireInstallAdmin(auth).actor();
    try {
      return licenses.importSigned(body, actor);
    } catch (PlatformException e) {
      LOG.warn("license import by {} refused: {}", actor, e.getMessage());
      throw e;
    }
  }
}
