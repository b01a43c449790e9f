package dev.palisade.console.actions;

import dev.palisade.console.ConsoleProblem;
import dev.palisade.console.Ids;
import dev.palisade.console.session.Transport;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/**
 * The Backups page's actions: run a backup now, test-restore one (the API answers {@code 200} with
 * the result, or {@code 202} while it still runs), and read its validation while the page waits.
 */
@Controller("/console/system/backups")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Consumes(MediaType.APPLICATION_JSON)
final class BackupActions {
  private static final String API = "/api/v1/install/backups";
  private final Relay relay;

  BackupActions(Relay relay) {
    this.relay = relay;
  }

  @Post
  MutableHttpResponse<?> run(HttpRequest<?> request) {
    return relay.call(request, "POST", API, null);
  }

  @Post("/{id}/validate")
  MutableHttpResponse<?> validate(HttpRequest<?> request, @PathVariable String id) {
    if (!Ids.uuid(id)) {
      return notABackup(request);
    }
    return relay.call(request, "POST", API + "/" + id + "/validate", null);
  }

  /** The newest validation of a backup, for the page polling a test restore that still runs. */
  @Get(value = "/{id}/validation", produces = MediaType.APPLICATION_JSON)
  MutableHttpResponse<?> validation(HttpRequest<?> request, @PathVariable String id) {
    if (!Ids.uuid(id)) {
      return notABackup(request);
    }
    return relay.read(request, API + "/" + id + "/validation");
  }

  private static MutableHttpResponse<?> notABackup(HttpRequest<?> request) {
    return ConsoleProblem.invalidField("id", "is not a backup id", Transport.requestId(request))
        .response();
  }
}
