package dev.palisade.tenancy;

import dev.palisade.errors.PlatformException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.IllformedLocaleException;
import java.util.Locale;

/**
 * Validated, user-settable properties of an organization.
 *
 * @param requireMfa members must enrol a second factor before they can use anything else
 */
public record OrgSettings(
    String slug, String name, String timezone, String locale, boolean requireMfa) {

  /** Settings of an organization that does not require a second factor. */
  public OrgSettings(String slug, String name, String timezone, String locale) {
    this(slug, name, timezone, locale, false);
  }

  public OrgSettings {
    OrgSlug.require("slug", slug);
    if (name == null || name.isBlank()) {
      throw PlatformException.invalidField("name", "is required");
    }
    name = name.strip();
    if (name.length() > 200 || name.chars().anyMatch(Character::isISOControl)) {
      throw PlatformException.invalidField(
          "name", "must be at most 200 characters without control characters");
    }
    timezone = timezone == null ? "UTC" : timezone;
    try {
      ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw PlatformException.invalidField("timezone", "must be an IANA time zone such as UTC");
    }
    locale = locale == null ? "en" : locale;
    try {
      if (locale.isBlank() || locale.length() > 35) {
        throw new IllformedLocaleException();
      }
      locale = new Locale.Builder().setLanguageTag(locale).build().toLanguageTag();
    } catch (IllformedLocaleException e) {
      throw PlatformException.invalidField("locale", "must be a BCP 47 language tag such as en-GB");
    }
  }
}
