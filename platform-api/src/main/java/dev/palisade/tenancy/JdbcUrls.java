package dev.palisade.tenancy;

import static java.util.Objects.requireNonNull;

import io.micronaut.context.exceptions.ConfigurationException;
import java.util.regex.Matcher;

/** Parsing and rewriting of PostgreSQL JDBC URLs ({@code jdbc:postgresql://host:port/db?...}). */
public final class JdbcUrls {
  private static final java.util.regex.Pattern URL =
      java.util.regex.Pattern.compile("^jdbc:postgresql://([^/?]+)/([^/?]+)(\\?.*)?$");
  private static final java.util.regex.Pattern SECRET_PARAM =
      java.util.regex.Pattern.compile("(?i)(password|sslpassword|sslkey)=[^&]*");

  private JdbcUrls() {}

  /** The database named in the URL. */
  public static String database(String url) {
    return parse(url).group(2);
  }

  /** The same server and parameters, another database. */
  public static String withDatabase(String url, String database) {
    requireNonNull(database, "database is null");
    Matcher m = parse(url);
    String query = m.group(3) == null ? "" : m.group(3);
    return "jdbc:postgresql://" + m.group(1) + "/" + database + query;
  }

  /** The URL with any password-like parameter masked, safe for logs. */
  public static String redact(String url) {
    return url == null ? null : SECRET_PARAM.matcher(url).replaceAll("$1=***");
  }

  private static Matcher parse(String url) {
    requireNonNull(url, "url is null");
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      throw new ConfigurationException(
          "palisade.database.url must look like jdbc:postgresql://host:port/database");
    }
    return m;
  }
}
