package dev.palisade.storage.s3;

import dev.palisade.errors.PlatformException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An S3 bucket and the prefix the objects go under: region, an optional endpoint (a non-AWS S3
 * service, a VPC endpoint), path-style addressing, and static credentials. Field names in errors
 * are {@code <field prefix><name>}. The secret access key is never part of {@link #toString()} or
 * of {@link #shown()}.
 */
public record S3Settings(
    String bucket,
    String region,
    String endpoint,
    String prefix,
    boolean pathStyle,
    String accessKeyId,
    String secretAccessKey) {

  public S3Settings {
    prefix = prefix == null ? "" : prefix;
  }

  /** Reads and checks the settings in {@code values}; errors name {@code field + name}. */
  public static S3Settings from(Map<String, ?> values, String field) {
    String bucket = text(values, "bucket", field, true);
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw PlatformException.invalidField(field + "bucket", "is not an S3 bucket name");
    }
    String region = text(values, "region", field, true);
    if (!region.matches("[a-z0-9-]{1,32}")) {
      throw PlatformException.invalidField(field + "region", "is not an AWS region name");
    }
    String endpoint = text(values, "endpoint", field, false);
    if (endpoint != null) {
      URI uri;
      try {
        uri = URI.create(endpoint);
      } catch (IllegalArgumentException e) {
        throw PlatformException.invalidField(field + "endpoint", "is not a URL");
      }
      if (uri.getHost() == null
          || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
          || uri.getUserInfo() != null
          || uri.getQuery() != null
          || endpoint.length() > 512) {
        throw PlatformException.invalidField(
            field + "endpoint", "must be an http(s) URL with a host and without credentials");
      }
    }
    String prefix = text(values, "prefix", field, false);
    if (prefix != null && !prefix.matches("([A-Za-z0-9._-]+/)*[A-Za-z0-9._-]*")) {
      throw PlatformException.invalidField(
          field + "prefix", "must be letters, digits, '.', '_', '-' in '/'-separated segments");
    }
    if (prefix != null && (prefix.length() > 200 || ("/" + prefix).contains("/../"))) {
      throw PlatformException.invalidField(field + "prefix", "must be at most 200 characters");
    }
    if (prefix != null && !prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    Object style = values.get("pathStyle");
    if (style != null && !(style instanceof Boolean)) {
      throw PlatformException.invalidField(field + "pathStyle", "must be true or false");
    }
    String keyId = text(values, "accessKeyId", field, true);
    if (!keyId.matches("[A-Za-z0-9+/=_-]{1,128}")) {
      throw PlatformException.invalidField(field + "accessKeyId", "is not an access key id");
    }
    String secret = text(values, "secretAccessKey", field, true);
    if (secret.length() > 256) {
      throw PlatformException.invalidField(field + "secretAccessKey", "is too long");
    }
    return new S3Settings(
        bucket, region, endpoint, prefix, Boolean.TRUE.equals(style), keyId, secret);
  }

  private static String text(Map<String, ?> values, String name, String field, boolean required) {
    Object o = values.get(name);
    if (o == null || (o instanceof String s && s.isBlank())) {
      if (required) {
        throw PlatformException.invalidField(field + name, "is required");
      }
      return null;
    }
    if (!(o instanceof String s)) {
      throw PlatformException.invalidField(field + name, "must be a string");
    }
    return s.strip();
  }

  /** The settings that may be shown: everything but the secret access key. */
  public Map<String, Object> shown() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bucket", bucket);
    m.put("region", region);
    m.put("endpoint", endpoint);
    m.put("prefix", prefix);
    m.put("pathStyle", pathStyle);
    m.put("accessKeyId", accessKeyId);
    return m;
  }

  /** The same settings below {@code more} (another organization's prefix in a shared bucket). */
  public S3Settings under(String more) {
    return new S3Settings(
        bucket, region, endpoint, prefix + more, pathStyle, accessKeyId, secretAccessKey);
  }

  @Override
  public String toString() {
    return "S3Settings" + shown();
  }
}
