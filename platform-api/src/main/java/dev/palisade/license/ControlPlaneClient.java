package dev.palisade.license;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.telemetry.BuildInfo;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Fetches the current signed license from the control plane: {@code GET
 * <url>/v1/installs/<installId>/license} over HTTPS, redirects not followed, answer bounded to 1
 * MiB. Failures are {@link PlatformException}s that name the step and the HTTP status, never the
 * token or the answer's body. Thread-safe.
 */
@Singleton
final class ControlPlaneClient {
  static final int MAX_BODY = 1 << 20;

  private final ControlPlaneConfig config;
  private final BuildInfo build;
  private volatile HttpClient http;

  ControlPlaneClient(ControlPlaneConfig config, BuildInfo build) {
    this.config = config;
    this.build = build;
  }

  /** What the control plane answered: the signed license, and the newest product version. */
  record Answer(JsonNode signedLicense, String latestVersion) {}

  Answer fetch(UUID installId) {
    URI uri = URI.create(config.url() + "/v1/installs/" + installId + "/license");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(config.timeout())
            .header("Accept", "application/json")
            .header("User-Agent", "palisade/" + build.version())
            .header("Palisade-Install-Id", installId.toString())
            .GET();
    if (config.token() != null) {
      request.header("Authorization", "Bearer " + config.token());
    }
    HttpResponse<InputStream> response;
    byte[] body;
    try {
      response = client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
    } catch (IOException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE, "control plane did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException(ErrorCode.DEPENDENCY_UNAVAILABLE, "interrupted");
    }
    if (response.statusCode() != 200) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_FAILED, "control plane answered HTTP " + response.statusCode());
    }
    if (body.length > MAX_BODY) {
      throw new PlatformException(ErrorCode.DEPENDENCY_FAILED, "control plane answer too large");
    }
    JsonNode answer;
    try {
      answer = LicenseDocument.JSON.readTree(body);
    } catch (IOException e) {
      throw new PlatformException(ErrorCode.DEPENDENCY_FAILED, "control plane answer is not JSON");
    }
    if (answer == null || !answer.path("signedLicense").isObject()) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_FAILED, "control plane answer has no signedLicense object");
    }
    JsonNode version = answer.get("latestVersion");
    String latest =
        version != null
                && version.isTextual()
                && version.textValue().matches("[0-9A-Za-z.+-]{1,64}")
            ? version.textValue()
            : null;
    return new Answer(answer.get("signedLicense"), latest);
  }

  private HttpClient client() {
    HttpClient c = http;
    if (c == null) {
      synchronized (this) {
        if (http == null) {
          HttpClient.Builder b =
              HttpClient.newBuilder()
                  .connectTimeout(config.connectTimeout())
                  .followRedirects(HttpClient.Redirect.NEVER);
          if (config.caFile() != null) {
            b.sslContext(trusting(Path.of(config.caFile())));
          }
          http = b.build();
        }
        c = http;
      }
    }
    return c;
  }

  /** An SSL context that trusts only the certificates in {@code caFile} (PEM). */
  static SSLContext trusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, cert);
      }
      if (i == 0) {
        throw new IllegalStateException(
            "palisade.license.control-plane.ca-file holds no certificate");
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      return ssl;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "palisade.license.control-plane.ca-file cannot be read as PEM certificates", e);
    }
  }
}
