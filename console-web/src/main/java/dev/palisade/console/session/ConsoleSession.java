package dev.palisade.console.session;

import static java.util.Objects.requireNonNull;

import dev.palisade.console.api.BearerToken;
import io.micronaut.core.annotation.Nullable;
import java.util.HashMap;
import java.util.Map;

/**
 * The signed-in caller as the console sees it: the token it forwards to the API, and what it needs
 * to show the right navigation. {@code kind} is {@code install} or {@code member}; {@code org} is
 * the organization slug a member signed in to; {@code role} is the role the token was issued with
 * (the API checks the current one on every call, so this only decides what to show).
 */
public record ConsoleSession(
    String kind, @Nullable String org, @Nullable String role, BearerToken token) {
  public ConsoleSession {
    requireNonNull(kind, "kind is null");
    requireNonNull(token, "token is null");
  }

  public boolean installAdmin() {
    return "install".equals(kind);
  }

  /** What the page props carry about the caller: never the token. */
  public Map<String, Object> view() {
    Map<String, Object> m = new HashMap<>();
    m.put("kind", kind);
    m.put("org", org);
    m.put("role", role);
    return m;
  }
}
