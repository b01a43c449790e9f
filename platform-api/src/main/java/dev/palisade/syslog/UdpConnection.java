package dev.palisade.syslog;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;

/**
 * One datagram per message, cut at {@value #MAX_DATAGRAM} octets (RFC 5426 asks 2,048 of everyone).
 */
final class UdpConnection implements RelayConnection {
  static final int MAX_DATAGRAM = 2_048;

  private final DatagramSocket socket;

  UdpConnection(InetAddress address, int port) throws IOException {
    this.socket = new DatagramSocket();
    socket.connect(address, port);
  }

  @Override
  public int send(List<byte[]> messages) throws IOException {
    int truncated = 0;
    for (byte[] m : messages) {
      byte[] datagram = Rfc5424.truncate(m, MAX_DATAGRAM);
      if (datagram != m) {
        truncated++;
      }
      socket.send(new DatagramPacket(datagram, datagram.length));
    }
    return truncated;
  }

  @Override
  public boolean open(int waitMillis) {
    return !socket.isClosed();
  }

  @Override
  public void close() {
    socket.close();
  }
}
