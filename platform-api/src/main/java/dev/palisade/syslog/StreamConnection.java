package dev.palisade.syslog;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * TCP (or TLS over TCP) with octet-counting framing (RFC 6587 section 3.4.1, RFC 5425 section 4.3):
 * {@code MSG-LEN SP SYSLOG-MSG}. A write that takes longer than the write timeout closes the
 * socket, so a relay that stops reading cannot hold a forwarder round forever.
 */
final class StreamConnection implements RelayConnection {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final ScheduledExecutorService watchdog;
  private final Duration writeTimeout;

  StreamConnection(Socket socket, ScheduledExecutorService watchdog, Duration writeTimeout)
      throws IOException {
    this.socket = socket;
    this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    this.in = socket.getInputStream();
    this.watchdog = watchdog;
    this.writeTimeout = writeTimeout;
  }

  @Override
  public int send(List<byte[]> messages) throws IOException {
    ScheduledFuture<?> guard =
        watchdog.schedule(this::close, writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    try {
      for (byte[] m : messages) {
        out.write((m.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.write(m);
      }
      out.flush();
    } finally {
      guard.cancel(false);
    }
    return 0;
  }

  @Override
  public boolean open(int waitMillis) {
    if (socket.isClosed()) {
      return false;
    }
    try {
      socket.setSoTimeout(Math.max(1, waitMillis));
      return in.read() >= 0;
    } catch (SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing is all that is left to do
    }
  }
}
