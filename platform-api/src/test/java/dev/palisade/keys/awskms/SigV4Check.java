package dev.palisade.keys.awskms;

import com.sun.net.httpserver.HttpExchange;
import dev.palisade.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Recomputes the AWS Signature Version 4 of a request the protocol stubs received, as AWS does
 * (canonical request, string to sign, the HMAC-SHA256 key chain of date, region, service), so a
 * stub can tell a request signed with the right secret from one that only names the right access
 * key id. Requests without a query string and with a path of {@code /}, as the SDK sends to KMS and
 * STS.
 */
final class SigV4Check {
  private static final Pattern AUTHORIZATION =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/]+)/([0-9]{8})/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request,"
              + " ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})");

  private SigV4Check() {}

  /** The access key id, region and service a SigV4 {@code Authorization} header names. */
  record Credential(String accessKeyId, String date, String region, String service) {}

  /** The credential of {@code authorization}, or null when it is not a SigV4 header. */
  static Credential credential(String authorization) {
    Matcher m = AUTHORIZATION.matcher(String.valueOf(authorization));
    return m.matches() ? new Credential(m.group(1), m.group(2), m.group(3), m.group(4)) : null;
  }

  /** Whether {@code ex}, whose body was {@code body}, is signed with {@code secret}. */
  static boolean signedWith(HttpExchange ex, byte[] body, String secret) {
    Matcher m =
        AUTHORIZATION.matcher(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
    if (!m.matches()) {
      return false;
    }
    StringBuilder canonical = new StringBuilder();
    canonical.append(ex.getRequestMethod()).append('\n');
    canonical.append(ex.getRequestURI().getRawPath()).append('\n');
    canonical.append(
        ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery());
    canonical.append('\n');
    for (String name : m.group(5).split(";")) {
      String value = ex.getRequestHeaders().getFirst(name);
      if (value == null) {
        return false;
      }
      canonical.append(name).append(':').append(value.trim().replaceAll(" +", " ")).append('\n');
    }
    canonical.append('\n').append(m.group(5)).append('\n').append(hex(Hashes.sha256(body)));
    String amzDate = String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Date"));
    String scope = m.group(2) + "/" + m.group(3) + "/" + m.group(4) + "/aws4_request";
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + hex(Hashes.sha256(canonical.toString()));
    byte[] key = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
    for (String part : new String[] {m.group(2), m.group(3), m.group(4), "aws4_request"}) {
      key = hmac(key, part);
    }
    byte[] expected = HexFormat.of().parseHex(m.group(6));
    return Hashes.equal(hmac(key, toSign), expected);
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b).toLowerCase(Locale.ROOT);
  }
}
