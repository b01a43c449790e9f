package dev.palisade.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** How this process is named in job runs: host and process id. */
final class Instances {
  private Instances() {}

  static String name() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "localhost";
      }
    }
    return host + ":" + ProcessHandle.current().pid();
  }
}
