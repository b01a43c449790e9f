package dev.palisade.tenancy;

import dev.palisade.errors.PlatformException;
import java.util.regex.Pattern;

/** Organization slugs: 3 to 40 of {@code [a-z0-9-]}, starting and ending with a letter or digit. */
public final class OrgSlug {
  /** The longest slug. */
  public static final int MAX_LENGTH = 40;

  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,38}[a-z0-9]");

  private OrgSlug() {}

  public static boolean isValid(String slug) {
    return slug != null && SLUG.matcher(slug).matches() && !slug.contains("--");
  }

  /** Returns the slug or throws a 422 naming {@code field}. */
  public static String require(String field, String slug) {
    if (slug == null) {
      throw PlatformException.invalidField(field, "is required");
    }
    if (!isValid(slug)) {
      throw PlatformException.invalidField(
          field,
          "must be 3-40 characters of lowercase letters, digits and single hyphens,"
              + " starting and ending with a letter or digit");
    }
    return slug;
  }
}
