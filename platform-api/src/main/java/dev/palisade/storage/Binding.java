package dev.palisade.storage;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A storage binding of one organization as stored: its type, the settings that may be shown, its
 * status ({@code active} or {@code inactive}) and its last validation. Sealed credentials are not
 * part of it ({@link Bindings#settings}).
 */
public record Binding(
    UUID id,
    String type,
    Map<String, Object> settings,
    String status,
    Validation validation,
    Instant createdAt,
    Instant activatedAt) {
  public static final String ACTIVE = "active";
  public static final String INACTIVE = "inactive";

  public Binding {
    requireNonNull(id, "id is null");
    requireNonNull(type, "type is null");
    settings = settings == null ? Map.of() : settings;
    requireNonNull(status, "status is null");
  }

  @JsonIgnore
  public boolean active() {
    return ACTIVE.equals(status);
  }
}
