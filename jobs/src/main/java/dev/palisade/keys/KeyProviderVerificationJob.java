package dev.palisade.keys;

import dev.palisade.audit.AuditChain;
import dev.palisade.audit.ChainDatabases;
import dev.palisade.events.Evidence;
import dev.palisade.events.Sanitizer;
import dev.palisade.jobs.Job;
import dev.palisade.jobs.JobContext;
import dev.palisade.jobs.JobResult;
import dev.palisade.tenancy.Organizations;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
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
  private final ProviderHealth health;
  private final ChainDatabases databases;
  private final Organizations organizations;
  private final Evidence evidence;

  KeyProviderVerificationJob(
      Keyrings keyrings,
      ProviderHealth health,
      ChainDatabases databases,
      Organizations organizations,
      Evidence evidence) {
    this.keyrings = keyrings;
    this.health = health;
    this.databases = databases;
    this.organizations = organizations;
    this.evidence = evidence;
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
    List<AuditChain> scopes = new ArrayList<>();
    scopes.add(AuditChain.install());
    organizations.forEach(o -> scopes.add(AuditChain.of(o)));
    List<String> failed = new ArrayList<>();
    for (AuditChain scope : scopes) {
      context.checkCancelled();
      ProviderCheck check = check(scope);
      health.verified(scope.id(), check);
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

  private ProviderCheck check(AuditChain scope) {
    try {
      return keyrings.provider(scope.id(), databases.of(scope)).verify();
    } catch (RuntimeException e) {
      return new ProviderCheck(false, "unknown", "unknown", 0, Sanitizer.reason(e), Instant.now());
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
