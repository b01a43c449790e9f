package dev.palisade.audit;

import static java.util.Objects.requireNonNull;

import dev.palisade.errors.PlatformException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What happened, before it is placed in a chain. {@code publicMetadata} is stored in clear; {@code
 * sealedMetadata} (before/after values, personal data, settings values) is encrypted under the
 * chain's keyring. Both are JSON-like maps (strings, booleans, integers, nested maps and lists).
 *
 * <p>Every text is checked here, before the event can be queued: actor and subject ids at most
 * {@value AuditText#ID_MAX} characters, the reason at most {@value AuditText#REASON_MAX}, none with
 * control characters; the metadata at most {@value AuditText#METADATA_MAX} characters in total (see
 * {@link AuditText#METADATA_MAX}). A refusal is a 422 naming the field; callers that take these
 * texts from a request check them under the request's own field names first (see {@link
 * AuditText}).
 */
public record AuditEvent(
    String action,
    String actorType,
    String actorId,
    String subjectType,
    String subjectId,
    String reason,
    Map<String, Object> publicMetadata,
    Map<String, Object> sealedMetadata) {

  private static final Pattern ACTION = Pattern.compile("[a-z][a-z_]*(\\.[a-z][a-z_]*)+");

  public AuditEvent {
    requireNonNull(actorType, "actorType is null");
    requireNonNull(actorId, "actorId is null");
    requireNonNull(action, "action is null");
    if (!actorType.equals("user") && !actorType.equals("system")) {
      throw new IllegalArgumentException("actorType is user or system");
    }
    if (!ACTION.matcher(action).matches() || action.length() > 100) {
      throw new IllegalArgumentException("action must look like category.verb: " + action);
    }
    check("actor", actorId, AuditText.ID_MAX);
    check("subjectType", subjectType, AuditText.ID_MAX);
    check("subjectId", subjectId, AuditText.ID_MAX);
    check("reason", reason, AuditText.REASON_MAX);
    if (AuditText.size(publicMetadata) + AuditText.size(sealedMetadata) > AuditText.METADATA_MAX) {
      throw PlatformException.invalidField(
          "metadata", "must be at most " + AuditText.METADATA_MAX + " characters in total");
    }
    publicMetadata = publicMetadata == null || publicMetadata.isEmpty() ? null : publicMetadata;
    sealedMetadata = sealedMetadata == null || sealedMetadata.isEmpty() ? null : sealedMetadata;
  }

  private static void check(String field, String value, int max) {
    if (value != null) {
      String problem = AuditText.problem(value, max);
      if (problem != null) {
        throw PlatformException.invalidField(field, problem);
      }
    }
  }

  public static Builder by(String actorType, String actorId) {
    return new Builder(actorType, actorId);
  }

  /** Fluent construction; most events set only a few fields. */
  public static final class Builder {
    private final String actorType;
    private final String actorId;
    private String subjectType;
    private String subjectId;
    private String reason;
    private Map<String, Object> publicMetadata;
    private Map<String, Object> sealedMetadata;

    private Builder(String actorType, String actorId) {
      this.actorType = actorType;
      this.actorId = actorId;
    }

    public Builder subject(String type, Object id) {
      this.subjectType = type;
      this.subjectId = id == null ? null : id.toString();
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder publicMetadata(Map<String, Object> m) {
      this.publicMetadata = m;
      return this;
    }

    public Builder sealed(Map<String, Object> m) {
      this.sealedMetadata = m;
      return this;
    }

    public AuditEvent action(String action) {
      return new AuditEvent(
          action,
          actorType,
          actorId,
          subjectType,
          subjectId,
          reason,
          publicMetadata,
          sealedMetadata);
    }
  }
}
