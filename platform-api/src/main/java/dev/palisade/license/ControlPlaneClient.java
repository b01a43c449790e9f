package dev.palisade.license;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.net.GuardedHttp;
import dev.palisade.net.OutboundGuard;
import dev.palisade.net.PemTrust;
import dev.palisade.telemetry.BuildInfo;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.apache.http.HttpEntity;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;

/**
 * Fetches the current signed license from the control plane: {@code GET
 * <url>/v1/installs/<installId>/license} over HTTPS through the outbound guard (client {@code
 * control-plane}), redirects not followed, answer bounded to 1 MiB. Failures are {@link
 * PlatformException}s that name the step and the HTTP status, never the token or the answer's body.
 * Thread-safe.
 */
@Singleton
final class ControlPlaneClient {
  static final int MAX_BODY = 1 << 20;
  static final String CLIENT = "control-plane";

  private final ControlPlaneConfig config;
  private final BuildInfo build;
  private final OutboundGuard guard;
  private volatile CloseableHttpClient http;

  ControlPlaneClient(ControlPlaneConfig config, BuildInfo build, OutboundGuard guard) {
    this.config = config;
    this.build = build;
    this.guard = guard;
  }

  /** What the control plane answered: the signed license, and the newest product version. */
  record Answer(JsonNode signedLicense, String latestVersion) {}

  Answer fetch(UUID installId) {
    URI uri = URI.create(config.url() + "/v1/installs/" + installId + "/license");
    HttpGet request = new HttpGet(uri);
    request.setHeader("Accept", "application/json");
    request.setHeader("User-Agent", "palisade/" + build.version());
    request.setHeader("Palisade-Install-Id", installId.toString());
    if (config.token() != null) {
      request.setHeader("Authorization", "Bearer " + config.token());
    }
    int status;
    byte[] body = new byte[0];
    try (CloseableHttpResponse response = client().execute(request)) {
      status = response.getStatusLine().getStatusCode();
      HttpEntity entity = response.getEntity();
      if (entity != null) {
        try (InputStream in = entity.getContent()) {
          body = in.readNBytes(MAX_BODY + 1);
        }
      }
    } catch (IOException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE, "control plane did not answer", e);
    }
    if (status != 200) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_FAILED, "control plane answered HTTP " + status);
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

  private CloseableHttpClient client() {
    CloseableHttpClient c = http;
    if (c == null) {
      synchronized (this) {
        if (http == null) {
          http =
              GuardedHttp.client(
                  guard,
                  CLIENT,
                  config.connectTimeout(),
                  config.timeout(),
                  config.caFile() == null ? null : trusting(Path.of(config.caFile())));
        }
        c = http;
      }
    }
    return c;
  }

  @PreDestroy
  void close() throws IOException {
    CloseableHttpClient c = http;
    if (c != null) {
      c.close();
    }
  }

  /** An SSL context that trusts only the certificates in {@code caFile} (PEM). */
  static SSLContext trusting(Path caFile) {
    try (InputStream in = Files.newInputStream(caFile)) {
      return PemTrust.trusting(PemTrust.certificates(in));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "palisade.license.control-plane.ca-file cannot be read as PEM certificates", e);
    }
  }
}
