package dev.palisade.tenancy;

import java.util.Properties;

/** Driver properties shared by every connection the platform opens. */
public final class DriverProperties {
  private DriverProperties() {}

  public static Properties of(DatabaseConfig config, String user, String password) {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    long connectSeconds = Math.max(1, config.connectTimeout().toSeconds());
    p.setProperty("connectTimeout", Long.toString(connectSeconds));
    p.setProperty("loginTimeout", Long.toString(connectSeconds));
    p.setProperty("socketTimeout", "0");
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("ApplicationName", "palisade");
    p.setProperty("reWriteBatchedInserts", "true");
    return p;
  }
}
