package dev.palisade.tenancy;

import java.util.Properties;

/**
 * The PostgreSQL server that holds the install database and every tenant database.
 *
 * <p>Implementations are singletons, safe for concurrent use. {@link #connectionProperties()}
 * returns a fresh copy that may carry the password: callers hand it to the driver and never log it.
 */
public interface DatabaseServer {
  /** JDBC URL of the install database. */
  String installUrl();

  /** JDBC URL of another database on the same server. */
  default String urlFor(String database) {
    return JdbcUrls.withDatabase(installUrl(), database);
  }

  /** Driver properties (user, password, timeouts) for every connection. */
  Properties connectionProperties();

  /** A short description for logs and the detailed probe, without credentials. */
  String describe();
}
