package dev.palisade.console.api;

import static java.util.Objects.requireNonNull;

import io.micronaut.core.annotation.Nullable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One request to the platform API: a method, a path under {@code /api/}, query parameters, an
 * optional JSON body and the caller's token (absent for sign-in).
 */
public record ApiCall(
    String method,
    String path,
    Map<String, String> query,
    @Nullable String jsonBody,
    @Nullable BearerToken token,
    @Nullable String requestId) {
  public ApiCall {
    requireNonNull(method, "method is null");
    requireNonNull(path, "path is null");
    if (!path.startsWith("/api/")) {
      throw new IllegalArgumentException("the console only calls the platform API: " + path);
    }
    query = Map.copyOf(new LinkedHashMap<>(query));
  }

  public static ApiCall get(String path, Map<String, String> query, BearerToken token) {
    return new ApiCall("GET", path, query, null, token, null);
  }

  public ApiCall withRequestId(@Nullable String id) {
    return new ApiCall(method, path, query, jsonBody, token, id);
  }

  /** The path with its query string, parameters sorted, each name and value percent-encoded. */
  public String target() {
    if (query.isEmpty()) {
      return path;
    }
    return path
        + "?"
        + query.entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
  }

  /** Encodes one path segment (an organization slug, an id) so it cannot change the path. */
  public static String segment(String value) {
    return encode(value).replace("+", "%20");
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
