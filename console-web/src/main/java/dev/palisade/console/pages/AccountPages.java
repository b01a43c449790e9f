package dev.palisade.console.pages;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.console.session.ConsoleSession;
import dev.palisade.console.session.SessionCookie;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.Map;

/**
 * The signed-in account's own page, and the pages a person uses with a one-time token before having
 * a session (a password reset, accepting an invitation), which read nothing from the API.
 */
@Controller("/console")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces(MediaType.TEXT_HTML)
final class AccountPages {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Pages pages;

  AccountPages(Pages pages) {
    this.pages = pages;
  }

  /** Every signed-in account: its second factor (status, enrolment, disabling) and its password. */
  @Get("/account")
  MutableHttpResponse<?> account(HttpRequest<?> request) {
    return pages.render(
        request,
        "account",
        "Account",
        l -> l.data.set("mfa", l.require("/api/v1/me/mfa", Map.of())));
  }

  @Get("/password-reset")
  MutableHttpResponse<?> passwordReset(HttpRequest<?> request) {
    return open(request, "password-reset", "Set a new password");
  }

  @Get("/install-admin-invitation")
  MutableHttpResponse<?> installAdminInvitation(HttpRequest<?> request) {
    return open(request, "install-admin-invitation", "Join as an install admin");
  }

  @Get("/invitation")
  MutableHttpResponse<?> invitation(HttpRequest<?> request) {
    return open(request, "invitation", "Join an organization");
  }

  private MutableHttpResponse<?> open(HttpRequest<?> request, String page, String title) {
    Map<String, Object> session =
        SessionCookie.read(request).map(ConsoleSession::view).orElse(null);
    return pages.page(request, page, title, session, JSON.createObjectNode(), null, 200);
  }
}
