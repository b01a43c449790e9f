package dev.palisade.syslog;

/**
 * This instance's connection to one destination and what it sent that is not yet confirmed: a
 * stream's messages count as delivered once the relay still holds the connection open at the next
 * round. Used by the forwarder's thread only; {@link #connected} is read by views.
 */
final class Link {
  final SyslogSettings settings;
  RelayConnection connection;
  long pendingChain = -1;
  long pendingEvent = -1;
  volatile boolean connected;

  Link(SyslogSettings settings) {
    this.settings = settings;
  }

  void disconnect() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
    pendingChain = -1;
    pendingEvent = -1;
    connected = false;
  }
}
