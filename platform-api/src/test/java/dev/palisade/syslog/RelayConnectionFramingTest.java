package dev.palisade.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** What each connection puts on the wire, read by real loopback sockets. */
class RelayConnectionFramingTest {
  @Test
  void tcpFramesEachMessageWithItsOctetCount() throws Exception {
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        Socket peer = listener.accept()) {
      StreamConnection c = new StreamConnection(client, watchdog, Duration.ofSeconds(5));
      byte[] snow = "☃ x".getBytes(StandardCharsets.UTF_8);
      assertThat(c.send(List.of("<14>1 a".getBytes(StandardCharsets.UTF_8), snow))).isZero();
      assertThat(c.open(1)).isTrue();
      c.close();
      InputStream in = peer.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      in.transferTo(got);
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      expected.writeBytes("7 <14>1 a5 ".getBytes(StandardCharsets.US_ASCII));
      expected.writeBytes(snow);
      assertThat(got.toByteArray()).isEqualTo(expected.toByteArray());
    } finally {
      watchdog.shutdownNow();
    }
  }

  @Test
  void aStreamThePeerClosedIsNotOpen() throws Exception {
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
      listener.accept().close();
      StreamConnection c = new StreamConnection(client, watchdog, Duration.ofSeconds(5));
      assertThat(c.open(1000)).isFalse();
    } finally {
      watchdog.shutdownNow();
    }
  }

  @Test
  void udpSendsOneDatagramPerMessageAndCutsAt2048Octets() throws Exception {
    try (DatagramSocket relay = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      relay.setSoTimeout(5_000);
      UdpConnection c = new UdpConnection(InetAddress.getLoopbackAddress(), relay.getLocalPort());
      byte[] big = new byte[5_000];
      Arrays.fill(big, (byte) 'x');
      assertThat(c.send(List.of("small".getBytes(StandardCharsets.US_ASCII), big))).isEqualTo(1);
      c.close();
      DatagramPacket p = new DatagramPacket(new byte[65_536], 65_536);
      relay.receive(p);
      assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII))
          .isEqualTo("small");
      relay.receive(p);
      assertThat(p.getLength()).isEqualTo(UdpConnection.MAX_DATAGRAM);
    }
  }
}
