package dev.palisade.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS contexts that trust only the certificates of a PEM text (a private CA). */
public final class PemTrust {
  private PemTrust() {}

  /**
   * The certificates in {@code pem}, in order.
   *
   * @throws GeneralSecurityException when the text is not PEM certificates or holds none
   */
  public static List<Certificate> certificates(InputStream pem) throws GeneralSecurityException {
    List<Certificate> certs =
        new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(pem));
    if (certs.isEmpty()) {
      throw new GeneralSecurityException("no certificate");
    }
    return certs;
  }

  public static List<Certificate> certificates(String pem) throws GeneralSecurityException {
    return certificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  /** An SSL context whose only trust anchors are {@code certs}. */
  public static SSLContext trusting(List<Certificate> certs) throws GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      trust.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException("empty key store", e);
    }
    for (int i = 0; i < certs.size(); i++) {
      trust.setCertificateEntry("ca-" + i, certs.get(i));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }
}
