package dev.palisade.syslog;

import dev.palisade.net.OutboundGuard;
import dev.palisade.net.PemTrust;
import io.opentelemetry.api.trace.Span;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens connections to syslog relays, through the outbound guard (client {@value #CLIENT}): the
 * host is vetted and resolved once and the socket goes to a checked address. TLS is 1.2 or later,
 * the certificate is checked against the configured host name (or address), and a destination's
 * {@code caCertPem} replaces the system's trust anchors. Each step's duration is recorded in the
 * given {@link Steps}.
 */
@Singleton
public final class Relays {
  static final String CLIENT = "syslog";

  private final OutboundGuard guard;
  private final SyslogConfig config;
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "palisade-syslog-watchdog");
            t.setDaemon(true);
            return t;
          });

  Relays(OutboundGuard guard, SyslogConfig config) {
    this.guard = guard;
    this.config = config;
  }

  /** The client span of one delivery of {@code messages} to the relay of {@code s}. */
  Span span(SyslogSettings s, int messages) {
    Span span = guard.span(CLIENT, "send", s.bareHost(), s.port());
    span.setAttribute("network.transport", s.transport() == Transport.UDP ? "udp" : "tcp");
    span.setAttribute("palisade.syslog.messages", messages);
    return span;
  }

  RelayConnection connect(SyslogSettings s, Steps steps) throws IOException {
    InetAddress[] addresses = steps.time("resolve", () -> guard.vet(CLIENT, s.bareHost()));
    if (s.transport() == Transport.UDP) {
      return new UdpConnection(addresses[0], s.port());
    }
    Socket socket = steps.time("connect", () -> connected(addresses, s.port()));
    try {
      socket.setTcpNoDelay(true);
      socket.setKeepAlive(true);
      if (s.transport() == Transport.TLS) {
        Socket plain = socket;
        socket = steps.time("tls", () -> handshake(plain, s));
      }
      return new StreamConnection(socket, watchdog, config.writeTimeout());
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private Socket connected(InetAddress[] addresses, int port) throws IOException {
    IOException last = null;
    for (InetAddress a : addresses) {
      Socket socket = new Socket();
      try {
        socket.connect(
            new InetSocketAddress(a, port), Math.toIntExact(config.connectTimeout().toMillis()));
        return socket;
      } catch (IOException e) {
        socket.close();
        last = e;
      }
    }
    throw last;
  }

  private SSLSocket handshake(Socket plain, SyslogSettings s) throws IOException {
    SSLContext context;
    try {
      context =
          s.caCertPem() == null
              ? SSLContext.getDefault()
              : PemTrust.trusting(PemTrust.certificates(s.caCertPem()));
    } catch (GeneralSecurityException e) {
      throw new IOException("trust anchors unusable", e);
    }
    SSLSocket ssl =
        (SSLSocket) context.getSocketFactory().createSocket(plain, s.bareHost(), s.port(), true);
    SSLParameters p = ssl.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    ssl.setSSLParameters(p);
    ssl.setSoTimeout(Math.toIntExact(config.connectTimeout().toMillis()));
    ssl.startHandshake();
    ssl.setSoTimeout(0);
    return ssl;
  }

  @PreDestroy
  void stop() {
    watchdog.shutdownNow();
  }
}
