package dev.palisade.jobs.keys;

import dev.palisade.events.Evidence;
import dev.palisade.events.KeyProviderHealth;
import dev.palisade.jobs.Job;
import dev.palisade.jobs.JobContext;
import dev.palisade.jobs.JobResult;
import dev.palisade.keys.Keyrings;
import dev.palisade.keys.ProviderCheck;
import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies the key provider of the install and of every organization with a live wrap/unwrap round
 * trip. A failure raises {@code keyProviderVerificationFailed} and opens the keyring's {@code
 * keyProviderUnreachable} incident; a success resolves it. Each run issues one signed receipt
 * listing what was checked.
 */
@Singleton
final class KeyProviderVerificationJob implements Job {
  static final String NAME = "key-provider-verification";
  static final String ACTOR = "system:job:" + NAME;
  private static final int LISTED = 20;

  private final Keyrings keyrings;
  private final KeyProviderHealth health;
  private final Organizations organizations;
  private final Evidence evidence;
  private final Clock clock;

  KeyProviderVerificationJob(
      Keyrings keyrings,
      KeyProviderHealth health,
      Organizations organizations,
      Evidence evidence,
      Clock clock) {
    this.keyrings = keyrings;
    this.health = health;
    this.organizations = organizations;
    this.evidence = evidence;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Live round trip against the key provider of the install and of every organization";
  }

  @Override
  public Duration defaultCadence() {
    return Duration.ofHours(1);
  }

  @Override
  public JobResult run(JobContext context) {
    List<Scope> scopes = new ArrayList<>();
    scopes.add(Scope.install());
    organizations.forEach(o -> scopes.add(Scope.of(o)));
    List<String> failed = new ArrayList<>();
    for (Scope scope : scopes) {
      context.checkCancelled();
      ProviderCheck check = check(scope);
      health.verified(scope, check);
      if (!check.ok()) {
        failed.add(scope.id());
      }
    }
    int ok = scopes.size() - failed.size();
    String summary =
        "verified "
            + scopes.size()
            + " key provider(s): "
            + ok
            + " ok, "
            + failed.size()
            + " failed"
            + (failed.isEmpty() ? "" : " (" + String.join(", ", head(failed)) + ")");
    summary += receipt(scopes.size(), failed);
    if (failed.isEmpty()) {
      return JobResult.success(summary);
    }
    return ok == 0 ? JobResult.failed(summary) : JobResult.partial(summary);
  }

  private ProviderCheck check(Scope scope) {
    try {
      return keyrings.provider(scope).verify(clock);
    } catch (RuntimeException e) {
      return new ProviderCheck(
          false, "unknown", "unknown", 0, Sanitizer.reason(e), clock.instant());
    }
  }

  private String receipt(int checked, List<String> failed) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("checked", checked);
    details.put("failed", failed.size());
    if (!failed.isEmpty()) {
      details.put("failedKeyrings", head(failed));
    }
    try {
      evidence.issue(
          "keys.verify",
          ACTOR,
          null,
          "all keyrings",
          failed.isEmpty() ? Evidence.SUCCEEDED : Evidence.FAILED,
          details);
      return "";
    } catch (RuntimeException e) {
      return "; the receipt could not be issued: " + Sanitizer.reason(e);
    }
  }

  private static List<String> head(List<String> items) {
    return items.size() <= LISTED ? items : items.subList(0, LISTED);
  }
}
