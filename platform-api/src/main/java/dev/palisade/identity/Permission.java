package dev.palisade.identity;

/** What a caller may do inside one organization. The string is the stable, documented name. */
public enum Permission {
  ORG_VIEW("org:view"),
  MEMBERS_VIEW("members:view"),
  MEMBERS_MANAGE("members:manage"),
  SETTINGS_MANAGE("settings:manage"),
  AUDIT_VIEW("audit:view"),
  KEYS_MANAGE("keys:manage"),
  FILES_READ("files:read"),
  FILES_WRITE("files:write");

  private final String value;

  Permission(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }
}
