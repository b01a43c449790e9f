package dev.palisade.syslog;

import java.io.IOException;
import java.util.List;

/**
 * An open connection to a syslog relay. Not thread-safe: one forwarder round or one test uses it.
 */
interface RelayConnection extends AutoCloseable {
  /**
   * Sends the messages in order and returns how many were cut to fit a datagram.
   *
   * @throws IOException when the connection fails; what was sent before is unknown
   */
  int send(List<byte[]> messages) throws IOException;

  /**
   * Whether the relay still holds the connection open, waiting up to {@code waitMillis} for it to
   * close or reset the stream; a datagram socket is always open.
   */
  boolean open(int waitMillis);

  @Override
  void close();
}
