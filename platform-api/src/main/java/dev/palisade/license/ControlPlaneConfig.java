package dev.palisade.license;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code palisade.license.control-plane.*}: where a connected install fetches its current license.
 * No {@code url} means the install is offline and licenses are imported by hand. The URL must be
 * {@code https://} without credentials or query; {@code caFile} (PEM) replaces the JDK trust store
 * for a private CA; {@code token}, when set, is sent as a bearer token and never appears in {@link
 * #toString()}, logs or events.
 */
@Context
@ConfigurationProperties("palisade.license.control-plane")
public record ControlPlaneConfig(
    @Nullable String url,
    @Nullable String caFile,
    @Nullable String token,
    @Bindable(defaultValue = "5s") Duration connectTimeout,
    @Bindable(defaultValue = "15s") Duration timeout) {
  private static final String PREFIX = "palisade.license.control-plane.";

  public ControlPlaneConfig {
    url = url == null || url.isBlank() ? null : checkUrl(url.strip());
    caFile = caFile == null || caFile.isBlank() ? null : checkCaFile(caFile.strip());
    token = token == null || token.isBlank() ? null : token.strip();
    connectTimeout = positive(connectTimeout, "connect-timeout");
    timeout = positive(timeout, "timeout");
  }

  public boolean connected() {
    return url != null;
  }

  private static String checkUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(PREFIX + "url is not a URL");
    }
    if (!"https".equals(uri.getScheme())
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new ConfigurationException(
          PREFIX + "url must be https://host[:port][/path] without credentials, query or fragment");
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String checkCaFile(String file) {
    if (!Files.isReadable(Path.of(file))) {
      throw new ConfigurationException(PREFIX + "ca-file " + file + " is not a readable file");
    }
    try {
      ControlPlaneClient.trusting(Path.of(file));
    } catch (IllegalStateException e) {
      throw new ConfigurationException(e.getMessage());
    }
    return file;
  }

  private static Duration positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new ConfigurationException(PREFIX + name + " must be a positive duration");
    }
    return d;
  }

  @Override
  public String toString() {
    return "ControlPlaneConfig[url="
        + url
        + ", caFile="
        + caFile
        + ", token="
        + (token == null ? "unset" : "[set]")
        + ", connectTimeout="
        + connectTimeout
        + ", timeout="
        + timeout
        + "]";
  }
}
