package dev.palisade.events;

import java.util.List;

/**
 * The documented security event types. The string is stable and part of the public API; each type
 * has the severity it is raised with unless the raiser knows better.
 */
public enum SecurityEventType {
  LICENSE_REFRESH_FAILED("licenseRefreshFailed", Severity.WARNING),
  LICENSE_STATE_CHANGED("licenseStateChanged", Severity.INFO),
  LICENSE_INVALID("licenseInvalid", Severity.HIGH),
  LICENSE_LIMIT_REACHED("licenseLimitReached", Severity.WARNING),
  KEY_PROVIDER_VERIFICATION_FAILED("keyProviderVerificationFailed", Severity.HIGH),
  KEY_PROVIDER_UNAVAILABLE("keyProviderUnavailable", Severity.CRITICAL),
  OUTBOUND_BLOCKED("outboundBlocked", Severity.HIGH),
  AUDIT_CHAIN_BROKEN("auditChainBroken", Severity.CRITICAL),
  AUDIT_CHAIN_VERIFICATION_FAILED("auditChainVerificationFailed", Severity.HIGH),
  JOB_FAILED("jobFailed", Severity.WARNING),
  JOB_TIMED_OUT("jobTimedOut", Severity.WARNING),
  STORAGE_VALIDATION_FAILED("storageOperationsValidationFailed", Severity.HIGH),
  STORAGE_ACTIVATION_FAILED("storageOperationsActivationFailed", Severity.WARNING),
  STORAGE_ACTIVE_BINDING_UNAVAILABLE(
      "storageOperationsActiveBindingUnavailable", Severity.CRITICAL),
  STORAGE_MIGRATION_FAILED("storageOperationsMigrationFailed", Severity.HIGH),
  SYSLOG_EVENTS_DROPPED("syslogEventsDropped", Severity.HIGH),
  BACKUP_FAILED("backupFailed", Severity.HIGH),
  BACKUP_STALE("backupStale", Severity.HIGH),
  BACKUP_VALIDATION_FAILED("backupValidationFailed", Severity.CRITICAL);

  private final String value;
  private final Severity severity;

  SecurityEventType(String value, Severity severity) {
    this.value = value;
    this.severity = severity;
  }

  public String value() {
    return value;
  }

  public Severity severity() {
    return severity;
  }

  public static List<String> names() {
    return java.util.Arrays.stream(values()).map(SecurityEventType::value).toList();
  }

  public static java.util.Optional<SecurityEventType> of(String value) {
    for (SecurityEventType t : values()) {
      if (t.value.equals(value)) {
        return java.util.Optional.of(t);
      }
    }
    return java.util.Optional.empty();
  }
}
