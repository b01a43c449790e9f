package dev.palisade.console.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.console.ConsoleProblem;
import dev.palisade.console.api.ApiAnswer;
import dev.palisade.console.api.ApiCall;
import dev.palisade.console.api.ApiClient;
import dev.palisade.console.session.ConsoleSession;
import io.micronaut.core.annotation.Nullable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API calls one page makes, with the caller's token and the request's id. {@link #require}
 * fails the page with the API's problem; {@link #optional} keeps the page and records the problem.
 */
final class PageLoad {
  static final String ENROLL = "mfa-enrollment-required";
  private final ApiClient api;
  private final ConsoleSession session;
  private final String requestId;
  private final Map<String, String> query;
  final ObjectNode data = JsonNodeFactory.instance.objectNode();
  @Nullable JsonNode problem;
  boolean unauthenticated;
  boolean enrollmentRequired;

  PageLoad(ApiClient api, ConsoleSession session, String requestId, Map<String, String> query) {
    this.api = api;
    this.session = session;
    this.requestId = requestId;
    this.query = query;
  }

  ConsoleSession session() {
    return session;
  }

  /** A query parameter of the page, or null. */
  @Nullable
  String param(String name) {
    return query.get(name);
  }

  /** The page's query parameters among {@code names}, for passing on to the API. */
  Map<String, String> params(String... names) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String n : names) {
      String v = query.get(n);
      if (v != null && !v.isEmpty()) {
        m.put(n, v);
      }
    }
    return m;
  }

  /** Records that a page parameter is malformed; the page shows it and calls nothing with it. */
  void invalid(String field, String why) {
    problem = ConsoleProblem.invalidField(field, why, requestId).toJson();
  }

  ApiAnswer get(String path, Map<String, String> params) {
    ApiAnswer a = api.send(ApiCall.get(path, params, session.token()).withRequestId(requestId));
    if (a.status() == 401) {
      unauthenticated = true;
      throw new PageFailure(a);
    }
    if (a.status() == 403
        && a.json().map(j -> ENROLL.equals(j.path("code").asText())).orElse(false)) {
      enrollmentRequired = true;
      throw new PageFailure(a);
    }
    return a;
  }

  JsonNode require(String path, Map<String, String> params) {
    ApiAnswer a = get(path, params);
    if (!a.ok()) {
      throw new PageFailure(a);
    }
    return a.json().orElseThrow(() -> new PageFailure(a));
  }

  /** The answer's JSON, or null with the problem kept for the page to show. */
  @Nullable
  JsonNode optional(String path, Map<String, String> params) {
    ApiAnswer a = get(path, params);
    if (a.ok()) {
      return a.json().orElse(null);
    }
    problem = a.json().orElse(null);
    return null;
  }
}
