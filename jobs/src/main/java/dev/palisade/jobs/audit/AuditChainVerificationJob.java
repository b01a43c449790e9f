package dev.palisade.jobs.audit;

import dev.palisade.audit.ChainVerifier;
import dev.palisade.audit.Verification;
import dev.palisade.events.Incidents;
import dev.palisade.events.SecurityEventType;
import dev.palisade.events.SecurityEvents;
import dev.palisade.jobs.Job;
import dev.palisade.jobs.JobContext;
import dev.palisade.jobs.JobResult;
import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Verifies every audit chain (the install's and each organization's). Each pass starts from the
 * newest signed checkpoint at or below where the last intact pass ended, so it reads only what is
 * new; a full pass from the first entry runs when the last one is older than {@code
 * palisade.jobs.audit-chain-verification.full-every} (default a day). A break raises {@code
 * auditChainBroken} and opens the chain's incident; an intact pass resolves it.
 */
@Singleton
final class AuditChainVerificationJob implements Job {
  static final String NAME = "audit-chain-verification";
  private static final int LISTED = 20;

  private final ChainVerifier verifier;
  private final VerificationProgress progress;
  private final Organizations organizations;
  private final SecurityEvents events;
  private final Incidents incidents;
  private final Duration fullEvery;
  private final Clock clock;

  AuditChainVerificationJob(
      ChainVerifier verifier,
      VerificationProgress progress,
      Organizations organizations,
      SecurityEvents events,
      Incidents incidents,
      @Value("${palisade.jobs.audit-chain-verification.full-every:24h}") Duration fullEvery,
      Clock clock) {
    this.clock = clock;
    this.verifier = verifier;
    this.progress = progress;
    this.organizations = organizations;
    this.events = events;
    this.incidents = incidents;
    this.fullEvery = fullEvery;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Verifies every audit chain from its last verified checkpoint (fully once a day)";
  }

  @Override
  public Duration defaultCadence() {
    return Duration.ofMinutes(15);
  }

  @Override
  public Duration defaultTimeout() {
    return Duration.ofMinutes(30);
  }

  @Override
  public JobResult run(JobContext context) {
    List<Scope> chains = new ArrayList<>();
    chains.add(Scope.install());
    organizations.forEach(o -> chains.add(Scope.of(o)));
    List<String> broken = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    long entries = 0;
    for (Scope chain : chains) {
      context.checkCancelled();
      try {
        Verification v = verify(chain);
        entries += v.entries();
        if (!v.intact()) {
          broken.add(chain.id());
        }
      } catch (RuntimeException e) {
        errors.add(chain.id());
        events.raise(
            SecurityEvents.event(
                    SecurityEventType.AUDIT_CHAIN_VERIFICATION_FAILED,
                    "could not verify " + chain.id() + ": " + Sanitizer.reason(e))
                .org(chain.orgId().orElse(null))
                .context("chain", chain.id()));
      }
    }
    String summary =
        "verified "
            + chains.size()
            + " chain(s), "
            + entries
            + " entries read: "
            + broken.size()
            + " broken"
            + list(broken)
            + ", "
            + errors.size()
            + " could not be read"
            + list(errors);
    if (broken.isEmpty() && errors.isEmpty()) {
      return JobResult.success(summary);
    }
    return errors.size() == chains.size() ? JobResult.failed(summary) : JobResult.partial(summary);
  }

  private Verification verify(Scope chain) {
    Optional<VerificationProgress.State> last = progress.of(chain.id());
    Instant now = clock.instant();
    boolean full =
        last.isEmpty()
            || last.get().fullAt() == null
            || last.get().fullAt().plus(fullEvery).isBefore(now);
    Verification v =
        full ? verifier.verify(chain) : verifier.verifyFrom(chain, last.get().verifiedThrough());
    long through = v.head() == null ? 0 : v.head().sequence();
    progress.record(chain.id(), through, now, full, v.intact());
    if (v.intact()) {
      incidents.resolve(Incidents.AUDIT_CHAIN_BROKEN, chain.id());
      return v;
    }
    String where =
        v.firstBadSequence() == null
            ? ""
            : " between entries " + v.lastGoodSequence() + " and " + v.firstBadSequence();
    String reason =
        "audit chain "
            + chain.id()
            + " is broken"
            + where
            + (v.detail() == null ? "" : ": " + v.detail())
            + (v.truncation() == null ? "" : " (" + v.truncation() + ")");
    UUID event =
        events.raise(
            SecurityEvents.event(SecurityEventType.AUDIT_CHAIN_BROKEN, reason)
                .org(chain.orgId().orElse(null))
                .context("chain", chain.id())
                .context("firstBadSequence", v.firstBadSequence())
                .context("lastGoodSequence", v.lastGoodSequence()));
    incidents.open(
        Incidents.AUDIT_CHAIN_BROKEN,
        chain.id(),
        chain.orgId().orElse(null),
        SecurityEventType.AUDIT_CHAIN_BROKEN.severity(),
        reason,
        event);
    return v;
  }

  private static String list(List<String> ids) {
    if (ids.isEmpty()) {
      return "";
    }
    return " (" + String.join(", ", ids.size() <= LISTED ? ids : ids.subList(0, LISTED)) + ")";
  }
}
