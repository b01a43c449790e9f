package dev.palisade.license;

import dev.palisade.errors.PlatformException;
import dev.palisade.events.SecurityEventType;
import dev.palisade.events.SecurityEvents;
import dev.palisade.telemetry.Sanitizer;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the license up to date. Connected installs fetch the current signed license from the
 * control plane, verify it (signature, install id, grace), store it if it changed and re-project
 * entitlements; any failure raises {@code licenseRefreshFailed} with a sanitized reason and keeps
 * the license already stored. Offline installs only re-evaluate. Either way state changes are
 * recorded (see {@link LicenseTransitions}) and the result is kept for the Operations page.
 */
@Singleton
public final class LicenseReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(LicenseReconciler.class);
  static final String ACTOR = "system:license-reconcile";

  private final ControlPlaneConfig config;
  private final ControlPlaneClient client;
  private final LicenseVerifier verifier;
  private final LicenseImport importer;
  private final LicenseTransitions transitions;
  private final CurrentLicense current;
  private final LicenseStore store;
  private final SecurityEvents events;
  private final Licenses licenses;

  LicenseReconciler(
      ControlPlaneConfig config,
      ControlPlaneClient client,
      LicenseVerifier verifier,
      LicenseImport importer,
      LicenseTransitions transitions,
      CurrentLicense current,
      LicenseStore store,
      SecurityEvents events,
      Licenses licenses) {
    this.config = config;
    this.client = client;
    this.verifier = verifier;
    this.importer = importer;
    this.transitions = transitions;
    this.current = current;
    this.store = store;
    this.events = events;
    this.licenses = licenses;
  }

  /** One reconcile's outcome: {@code succeeded}, {@code failed} or {@code offline}. */
  public record Result(String outcome, String summary, LicenseStatus status) {
    public boolean failed() {
      return "failed".equals(outcome);
    }
  }

  public Result reconcile() {
    Instant started = current.now();
    String outcome;
    String summary;
    String latestVersion = null;
    if (!config.connected()) {
      outcome = "offline";
      summary = "offline install: license state re-evaluated";
    } else {
      try {
        UUID installId = current.installId();
        ControlPlaneClient.Answer answer = client.fetch(installId);
        SignedLicense signed = verifier.verify(answer.signedLicense());
        boolean changed = importer.store(signed, LicenseImport.SOURCE_CONTROL_PLANE, ACTOR);
        if (!changed) {
          importer.reproject(signed.license());
        }
        latestVersion = answer.latestVersion();
        outcome = "succeeded";
        summary =
            "license "
                + signed.license().licenseId()
                + (changed ? " refreshed from the control plane" : " is current");
      } catch (RuntimeException e) {
        outcome = "failed";
        summary = "license refresh from " + host() + ": " + reason(e);
        LOG.warn("license refresh failed: {}", summary);
        events.raise(
            SecurityEvents.event(SecurityEventType.LICENSE_REFRESH_FAILED, summary)
                .context("controlPlane", host()));
      }
    }
    CurrentLicense.Evaluation e = transitions.observe(true);
    String full = summary + "; state " + e.state().value();
    store.recordReconcile(started, outcome, Sanitizer.clean(full), latestVersion);
    return new Result(outcome, full, licenses.statusOf(e));
  }

  /** A refused license names its field without a {@code name:} form the sanitizer would mask. */
  private static String reason(RuntimeException e) {
    if (e instanceof PlatformException pe && pe.field().isPresent()) {
      String field = pe.field().get();
      String detail = pe.getMessage().substring(field.length() + 2);
      return Sanitizer.clean("license refused (" + field + " " + detail + ")");
    }
    return Sanitizer.reason(e);
  }

  private String host() {
    URI uri = URI.create(config.url());
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }
}
