package dev.palisade.license;

import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.InstallId;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Reads the current license and works out its state now. Nothing is cached between calls except the
 * install id, so every instance of a multi-instance install sees the same answer; {@link
 * LicenseMetrics} keeps its own short-lived copy for scrapes.
 */
@Singleton
public final class CurrentLicense {
  private final LicenseStore store;
  private final LicenseVerifier verifier;
  private final LicenseConfig config;
  private final InstallId installId;
  private final Clock clock;

  CurrentLicense(
      LicenseStore store,
      LicenseVerifier verifier,
      LicenseConfig config,
      InstallId installId,
      Clock clock) {
    this.store = store;
    this.verifier = verifier;
    this.config = config;
    this.installId = installId;
    this.clock = clock;
  }

  /**
   * The current license and its state. {@code stored} and {@code license} are null in evaluation;
   * {@code problem} says why an {@link LicenseState#INVALID} license is invalid.
   */
  public record Evaluation(
      LicenseState state, Instant at, LicenseStore.Stored stored, License license, String problem) {

    /** The organizations limit in force; null means unlimited. */
    public Integer maxOrganizations(LicenseConfig config) {
      return license == null
          ? Integer.valueOf(config.evaluationMaxOrganizations())
          : license.limits().maxOrganizations();
    }

    String subject() {
      return license == null ? "evaluation" : license.licenseId();
    }
  }

  public Evaluation evaluate() {
    Instant now = clock.instant();
    LicenseStore.Stored stored = store.current().orElse(null);
    if (stored == null) {
      return new Evaluation(LicenseState.EVALUATION, now, null, null, null);
    }
    License license;
    try {
      license = LicenseDocument.parse(stored.document());
    } catch (PlatformException e) {
      return new Evaluation(
          LicenseState.INVALID, now, stored, null, "the stored license no longer reads");
    }
    if (!verifier.stillVerifies(stored.document(), stored.keyId(), stored.signature())) {
      return new Evaluation(
          LicenseState.INVALID,
          now,
          stored,
          license,
          "vendor key " + stored.keyId() + " is no longer configured or the signature fails");
    }
    if (!license.installId().equals(installId())) {
      return new Evaluation(
          LicenseState.INVALID, now, stored, license, "the license is for another install");
    }
    return new Evaluation(
        LicenseState.at(license, now, config.expiringWindow()), now, stored, license, null);
  }

  UUID installId() {
    return installId.value();
  }

  Instant now() {
    return clock.instant();
  }
}
