package dev.palisade.console;

import java.util.regex.Pattern;

/** Shapes of the identifiers the console puts into API paths; anything else is refused. */
public final class Ids {
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
  private static final Pattern JOB = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private Ids() {}

  public static boolean uuid(String s) {
    return s != null && UUID.matcher(s).matches();
  }

  public static boolean slug(String s) {
    return s != null && SLUG.matcher(s).matches();
  }

  public static boolean job(String s) {
    return s != null && JOB.matcher(s).matches();
  }
}
