package dev.palisade.api.health;

import dev.palisade.health.DependencyStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The body of a readiness answer, wherever it is served from: its status and the checks. */
public final class Readiness {
  private Readiness() {}

  /** {@code {"status": "ready" | "not_ready", "checks": […]}}, in that order; callers may add. */
  public static Map<String, Object> body(boolean ready, List<DependencyStatus> checks) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ready ? "ready" : "not_ready");
    body.put("checks", checks);
    return body;
  }
}
