package dev.palisade.console.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.console.ConsoleProblem;
import dev.palisade.console.api.ApiAnswer;
import dev.palisade.console.api.ApiCall;
import dev.palisade.console.api.ApiClient;
import dev.palisade.console.session.ConsoleSession;
import dev.palisade.console.session.Csrf;
import dev.palisade.console.session.SessionCookie;
import dev.palisade.console.session.Transport;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;

/**
 * A console action: refused with a {@code 403} problem unless it passes the CSRF checks, a {@code
 * 401} problem without a session; otherwise one API call with the session's token, whose answer
 * (status, content type, body) is relayed as it is.
 */
@Singleton
final class Relay {
  static final int MAX_BODY = 256 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ApiClient api;
  private final Csrf csrf;

  Relay(ApiClient api, Csrf csrf) {
    this.api = api;
    this.csrf = csrf;
  }

  /** The session of a request that passed the CSRF checks, or the refusal to answer. */
  Checked check(HttpRequest<?> request, @Nullable String submittedToken) {
    Optional<ConsoleProblem> refused = csrf.check(request, submittedToken);
    if (refused.isPresent()) {
      return new Checked(null, refused.get());
    }
    Optional<ConsoleSession> session = SessionCookie.read(request);
    if (session.isEmpty()) {
      return new Checked(null, unauthenticated(request));
    }
    return new Checked(session.get(), null);
  }

  private static ConsoleProblem unauthenticated(HttpRequest<?> request) {
    return new ConsoleProblem(
        401,
        "unauthenticated",
        "Unauthenticated",
        "sign in to the console first",
        null,
        Transport.requestId(request));
  }

  record Checked(@Nullable ConsoleSession session, @Nullable ConsoleProblem refusal) {}

  /** Calls the API with a JSON body (or none) and relays its answer. */
  MutableHttpResponse<?> call(
      HttpRequest<?> request, String method, String path, @Nullable String jsonBody) {
    Checked c = check(request, request.getHeaders().get(Csrf.HEADER));
    if (c.refusal() != null) {
      return c.refusal().response();
    }
    String body = null;
    if (jsonBody != null && !jsonBody.isBlank() && !"{}".equals(jsonBody.trim())) {
      Optional<ConsoleProblem> bad = jsonObject(jsonBody, Transport.requestId(request));
      if (bad.isPresent()) {
        return bad.get().response();
      }
      body = jsonBody;
    }
    return relay(send(request, c.session(), method, path, Map.of(), body));
  }

  /**
   * A read for a page's script (polling what an action started): a {@code 401} problem without a
   * session, otherwise one GET with the session's token, relayed. Reads change nothing, so they
   * need no CSRF token; the session cookie is {@code SameSite=Strict} and the answer is not
   * readable across origins.
   */
  MutableHttpResponse<?> read(HttpRequest<?> request, String path) {
    Optional<ConsoleSession> session = SessionCookie.read(request);
    if (session.isEmpty()) {
      return unauthenticated(request).response();
    }
    return relay(send(request, session.get(), "GET", path, Map.of(), null));
  }

  /**
   * An action of a page shown without a session (a password reset, accepting an invitation): the
   * same CSRF checks and body rules, then one API call without a token.
   */
  MutableHttpResponse<?> anonymous(HttpRequest<?> request, String path, @Nullable String jsonBody) {
    Optional<ConsoleProblem> refused = csrf.check(request, request.getHeaders().get(Csrf.HEADER));
    if (refused.isPresent()) {
      return refused.get().response();
    }
    Optional<ConsoleProblem> bad =
        jsonObject(jsonBody == null ? "" : jsonBody, Transport.requestId(request));
    if (bad.isPresent()) {
      return bad.get().response();
    }
    return relay(
        api.send(
            new ApiCall("POST", path, Map.of(), jsonBody, null, Transport.requestId(request))));
  }

  ApiAnswer send(
      HttpRequest<?> request,
      ConsoleSession session,
      String method,
      String path,
      Map<String, String> query,
      @Nullable String body) {
    return api.send(
        new ApiCall(method, path, query, body, session.token(), Transport.requestId(request)));
  }

  static MutableHttpResponse<?> relay(ApiAnswer a) {
    MutableHttpResponse<byte[]> r =
        HttpResponse.<byte[]>status(HttpStatus.valueOf(a.status()))
            .contentType(MediaType.of(a.contentType()))
            .body(a.body());
    if (a.contentDisposition() != null) {
      r.header("Content-Disposition", a.contentDisposition());
    }
    return r;
  }

  /** A body relayed to the API must be one JSON object of bounded size. */
  static Optional<ConsoleProblem> jsonObject(String body, String requestId) {
    if (body.length() > MAX_BODY) {
      return Optional.of(
          new ConsoleProblem(
              413,
              "payload-too-large",
              "Payload too large",
              "body: over 256 KiB",
              "body",
              requestId));
    }
    try {
      JsonNode n = JSON.readTree(body);
      if (n != null && n.isObject()) {
        return Optional.empty();
      }
    } catch (JsonProcessingException e) {
      // answered below
    }
    return Optional.of(
        new ConsoleProblem(
            400,
            "malformed-request",
            "Malformed request",
            "body: must be a JSON object",
            "body",
            requestId));
  }
}
