package dev.palisade.syslog;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name of the machine (or pod) this server runs on, for the HOSTNAME field. */
final class LocalHost {
  private LocalHost() {}

  static String name() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return Rfc5424.NILVALUE;
    }
  }
}
