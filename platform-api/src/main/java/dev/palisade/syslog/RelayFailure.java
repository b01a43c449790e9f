package dev.palisade.syslog;

import dev.palisade.errors.PlatformException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;

/**
 * Why a relay could not be reached, as it may be shown and stored: a reason from a fixed vocabulary
 * ({@code refused}, {@code timeout}, {@code unknown-host}, {@code unreachable}, {@code tls}, {@code
 * outbound-blocked}, {@code closed}, {@code io}) and a short fixed text; never the exception's own
 * message.
 */
public record RelayFailure(String reason, String detail) {
  static RelayFailure of(Throwable e) {
    if (e instanceof PlatformException) {
      return new RelayFailure("outbound-blocked", "the outbound guard refused the destination");
    }
    if (e instanceof ConnectException) {
      return new RelayFailure("refused", "connection refused");
    }
    if (e instanceof SocketTimeoutException) {
      return new RelayFailure("timeout", "no answer within the timeout");
    }
    if (e instanceof UnknownHostException) {
      return new RelayFailure("unknown-host", "the host name does not resolve");
    }
    if (e instanceof NoRouteToHostException) {
      return new RelayFailure("unreachable", "no route to the host");
    }
    if (e instanceof SSLException) {
      return new RelayFailure("tls", tls(e));
    }
    return new RelayFailure("io", "the connection failed");
  }

  private static String tls(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException) {
        return "TLS handshake failed: the relay's certificate has expired";
      }
      if (t instanceof CertificateNotYetValidException) {
        return "TLS handshake failed: the relay's certificate is not valid yet";
      }
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
        return "TLS handshake failed: the relay's certificate is not issued by a trusted CA";
      }
      if (t instanceof java.security.cert.CertificateException
          && t.getMessage() != null
          && (t.getMessage().startsWith("No subject alternative")
              || t.getMessage().startsWith("No name matching"))) {
        return "TLS handshake failed: the relay's certificate does not name the host";
      }
    }
    return "TLS handshake failed";
  }

  /** The text stored as a destination's last error. */
  public String text() {
    return reason + ": " + detail;
  }
}
