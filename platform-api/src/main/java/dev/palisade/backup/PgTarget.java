package dev.palisade.backup;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server as the client tools ({@code pg_dump}, {@code pg_restore}) are told about it:
 * host, port, user and TLS settings as arguments and environment, the password only through a
 * password file ({@link PgTools}). Read from the JDBC URL the platform connects with and the driver
 * properties that go with it. {@link #toString()} never shows the password.
 */
record PgTarget(String host, int port, String user, String password, Map<String, String> env) {
  private static final Pattern URL =
      Pattern.compile("^jdbc:postgresql://([^/?]+)/([^/?]*)(?:\\?(.*))?$");

  /** The server of {@code jdbcUrl}; {@code props} (user, password) fill what the URL leaves out. */
  static PgTarget of(String jdbcUrl, Properties props) {
    Matcher m = URL.matcher(jdbcUrl);
    if (!m.matches()) {
      throw new PlatformException(
          ErrorCode.INTERNAL, "the database URL must look like jdbc:postgresql://host:port/db");
    }
    String hostPort = m.group(1);
    if (hostPort.contains(",")) {
      hostPort = hostPort.substring(0, hostPort.indexOf(','));
    }
    String host;
    int port = 5432;
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      host = hostPort.substring(1, end);
      if (hostPort.length() > end + 2) {
        port = Integer.parseInt(hostPort.substring(end + 2));
      }
    } else if (hostPort.contains(":")) {
      host = hostPort.substring(0, hostPort.indexOf(':'));
      port = Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1));
    } else {
      host = hostPort;
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (m.group(3) != null) {
      for (String pair : m.group(3).split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(
              pair.substring(0, eq).toLowerCase(java.util.Locale.ROOT),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    String user = params.getOrDefault("user", props.getProperty("user"));
    String password = params.getOrDefault("password", props.getProperty("password"));
    Map<String, String> env = new LinkedHashMap<>();
    String sslmode = params.get("sslmode");
    if (sslmode == null && "true".equalsIgnoreCase(params.get("ssl"))) {
      sslmode = "verify-full";
    }
    if (sslmode != null) {
      env.put("PGSSLMODE", sslmode);
    }
    copy(params, "sslrootcert", env, "PGSSLROOTCERT");
    copy(params, "sslcert", env, "PGSSLCERT");
    copy(params, "sslkey", env, "PGSSLKEY");
    return new PgTarget(host, port, user == null ? "postgres" : user, password, Map.copyOf(env));
  }

  private static void copy(Map<String, String> from, String key, Map<String, String> to, String v) {
    if (from.get(key) != null) {
      to.put(v, from.get(key));
    }
  }

  /** One line of a {@code .pgpass} file for this server, any database. */
  String passfileLine() {
    return escape(host) + ":" + port + ":*:" + escape(user) + ":" + escape(password) + "\n";
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace(":", "\\:");
  }

  @Override
  public String toString() {
    return "PgTarget[" + host + ":" + port + ", user=" + user + "]";
  }
}
