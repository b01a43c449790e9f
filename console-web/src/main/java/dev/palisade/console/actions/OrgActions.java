package dev.palisade.console.actions;

import dev.palisade.console.ConsoleProblem;
import dev.palisade.console.Ids;
import dev.palisade.console.session.Transport;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.Map;

/** An organization's actions; the API decides whether the caller may take them. */
@Controller("/console/orgs/{slug}")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Consumes(MediaType.APPLICATION_JSON)
final class OrgActions {
  private static final Map<String, String> WHAT =
      Map.of(
          "members", "a member id",
          "invitations", "an invitation id",
          "storage/bindings", "a binding id",
          "storage/migrations", "a migration run id");
  private final Relay relay;

  OrgActions(Relay relay) {
    this.relay = relay;
  }

  private MutableHttpResponse<?> call(
      HttpRequest<?> request,
      String slug,
      @Nullable String member,
      String method,
      String rest,
      @Nullable String body) {
    return item(request, slug, member == null ? null : "members", member, method, rest, body);
  }

  /** A call about one item of the organization ({@code members/<id>}, {@code invitations/<id>}). */
  private MutableHttpResponse<?> item(
      HttpRequest<?> request,
      String slug,
      @Nullable String kind,
      @Nullable String id,
      String method,
      String rest,
      @Nullable String body) {
    if (!Ids.slug(slug)) {
      return ConsoleProblem.invalidField(
              "slug", "is not an organization slug", Transport.requestId(request))
          .response();
    }
    if (kind != null && !Ids.uuid(id)) {
      String what = WHAT.getOrDefault(kind, "an id");
      return ConsoleProblem.invalidField("id", "is not " + what, Transport.requestId(request))
          .response();
    }
    String path = "/api/v1/orgs/" + slug + (kind == null ? "" : "/" + kind + "/" + id) + rest;
    return relay.call(request, method, path, body);
  }

  @Post("/audit/verify")
  MutableHttpResponse<?> verify(HttpRequest<?> request, @PathVariable String slug) {
    return call(request, slug, null, "POST", "/audit/verify", null);
  }

  @Post("/keys/verify")
  MutableHttpResponse<?> verifyKeys(HttpRequest<?> request, @PathVariable String slug) {
    return call(request, slug, null, "POST", "/keys/verify", null);
  }

  @Post("/keys/rotate")
  MutableHttpResponse<?> rotate(HttpRequest<?> request, @PathVariable String slug) {
    return call(request, slug, null, "POST", "/keys/rotate", null);
  }

  @Post("/members/invite")
  MutableHttpResponse<?> invite(
      HttpRequest<?> request, @PathVariable String slug, @Nullable @Body String body) {
    return call(request, slug, null, "POST", "/members", body == null ? "" : body);
  }

  @Post("/members/{id}/role")
  MutableHttpResponse<?> role(
      HttpRequest<?> request,
      @PathVariable String slug,
      @PathVariable String id,
      @Nullable @Body String body) {
    return call(request, slug, id, "PATCH", "", body == null ? "" : body);
  }

  @Post("/members/{id}/deactivate")
  MutableHttpResponse<?> deactivate(
      HttpRequest<?> request,
      @PathVariable String slug,
      @PathVariable String id,
      @Nullable @Body String body) {
    return call(request, slug, id, "POST", "/deactivate", body);
  }

  @Post("/members/{id}/reactivate")
  MutableHttpResponse<?> reactivate(
      HttpRequest<?> request,
      @PathVariable String slug,
      @PathVariable String id,
      @Nullable @Body String body) {
    return call(request, slug, id, "POST", "/reactivate", body);
  }

  /** Removes a member's second factor; the API requires a reason. */
  @Post("/members/{id}/mfa-reset")
  MutableHttpResponse<?> resetMfa(
      HttpRequest<?> request,
      @PathVariable String slug,
      @PathVariable String id,
      @Nullable @Body String body) {
    return call(request, slug, id, "DELETE", "/mfa", body == null ? "" : body);
  }

  /** Issues a one-time password reset token, which the answer carries once. */
  @Post("/members/{id}/password-reset")
  MutableHttpResponse<?> passwordReset(
      HttpRequest<?> request,
      @PathVariable String slug,
      @PathVariable String id,
      @Nullable @Body String body) {
    return call(request, slug, id, "POST", "/password-reset", body == null ? "" : body);
  }

  @Post("/invitations/{id}/revoke")
  MutableHttpResponse<?> revoke(
      HttpRequest<?> request, @PathVariable String slug, @PathVariable String id) {
    return item(request, slug, "invitations", id, "DELETE", "", null);
  }

  @Post("/settings")
  MutableHttpResponse<?> settings(
      HttpRequest<?> request, @PathVariable String slug, @Nullable @Body String body) {
    return call(request, slug, null, "PATCH", "", body == null ? "" : body);
  }

  /** Adds a storage binding; the API validates it as it is created. */
  @Post("/storage/bindings")
  MutableHttpResponse<?> addBinding(
      HttpRequest<?> request, @PathVariable String slug, @Nullable @Body String body) {
    return call(request, slug, null, "POST", "/storage/bindings", body == null ? "" : body);
  }

  @Post("/storage/bindings/{id}/validate")
  MutableHttpResponse<?> validateBinding(
      HttpRequest<?> request, @PathVariable String slug, @PathVariable String id) {
    return item(request, slug, "storage/bindings", id, "POST", "/validate", null);
  }

  /** Activates a binding (a reason is required); files elsewhere start a migration run. */
  @Post("/storage/bindings/{id}/activate")
  MutableHttpResponse<?> activateBinding(
      HttpRequest<?> request,
      @PathVariable String slug,
      @PathVariable String id,
      @Nullable @Body String body) {
    return item(
        request, slug, "storage/bindings", id, "POST", "/activate", body == null ? "" : body);
  }

  @Post("/storage/migrations/{id}/cancel")
  MutableHttpResponse<?> cancelMigration(
      HttpRequest<?> request, @PathVariable String slug, @PathVariable String id) {
    return item(request, slug, "storage/migrations", id, "POST", "/cancel", null);
  }

  /** Replaces the organization's syslog destination (the API's {@code PUT}). */
  @Post("/syslog")
  MutableHttpResponse<?> saveSyslog(
      HttpRequest<?> request, @PathVariable String slug, @Nullable @Body String body) {
    return call(request, slug, null, "PUT", "/syslog", body == null ? "" : body);
  }

  @Post("/syslog/test")
  MutableHttpResponse<?> testSyslog(HttpRequest<?> request, @PathVariable String slug) {
    return call(request, slug, null, "POST", "/syslog/test", null);
  }
}
