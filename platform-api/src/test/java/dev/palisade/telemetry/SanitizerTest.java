package dev.palisade.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Planted secrets go in; none comes out, and what an operator needs to act on is kept. */
class SanitizerTest {
  private static final String PG_PASSWORD = "Pg-s3cret!pw";
  private static final String VAULT_PASSWORD = "vault-pw-77";
  private static final String QUERY_TOKEN = "qt-91823746";
  private static final String VAULT_TOKEN = "hvs.CAESIJ4x0Yw2Fh1kR7bZ3qPvN9m";
  private static final String BEARER = "ya29.a0AfH6SMBx7Qe3kLm9";
  private static final String JWT =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  private static final String AWS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
  private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7";
  private static final String KMS_SECRET = "kms-hidden-detail-4471";
  private static final String VAULT_BODY_SECRET = "s3cr3t-in-vault-body";

  private static final List<String> PLANTED =
      List.of(
          PG_PASSWORD,
          VAULT_PASSWORD,
          QUERY_TOKEN,
          VAULT_TOKEN,
          "CAESIJ4x0Yw2Fh1kR7bZ3qPvN9m",
          BEARER,
          JWT,
          "eyJhbGciOiJIUzI1NiJ9",
          AWS_KEY_ID,
          AWS_SECRET,
          PEM_BODY,
          KMS_SECRET,
          VAULT_BODY_SECRET);

  private static void assertNoPlantedSecret(String out) {
    for (String secret : PLANTED) {
      assertThat(out).as("leaks %s", secret).doesNotContain(secret);
    }
    assertThat(out).doesNotContainPattern("\\p{Cntrl}");
    assertThat(out.length()).isLessThanOrEqualTo(Sanitizer.MAX_LENGTH);
  }

  @Test
  void masksThePasswordInAPostgresUrlButKeepsSchemeHostAndPort() {
    String out =
        Sanitizer.clean(
            "could not connect to postgresql://palisade:" + PG_PASSWORD + "@db.internal:5432/app");
    assertNoPlantedSecret(out);
    assertThat(out).contains("postgresql://").contains("db.internal:5432/app");
    assertThat(out).contains("could not connect to").doesNotContain("palisade:");
  }

  @Test
  void masksUserPasswordAndQueryTokenInAVaultUrlButKeepsHttpsAndTheHost() {
    String out =
        Sanitizer.clean(
            "GET https://ops:"
                + VAULT_PASSWORD
                + "@vault:8200/v1/transit/encrypt/palisade?token="
                + QUERY_TOKEN
                + " failed");
    assertNoPlantedSecret(out);
    assertThat(out).contains("https://").contains("vault:8200/v1/transit/encrypt/palisade");
    assertThat(out).endsWith("failed");
  }

  @Test
  void aPasswordContainingAnAtSignIsMaskedWhole() {
    String out = Sanitizer.clean("jdbc:postgresql://app:p@ss@word9@db:5432/x refused");
    assertThat(out).doesNotContain("p@ss").doesNotContain("word9").contains("@db:5432/x refused");
  }

  @Test
  void masksVaultTokenHeaderBearerTokensAndJwts() {
    String out =
        Sanitizer.clean(
            "X-Vault-Token: "
                + VAULT_TOKEN
                + " Authorization: Bearer "
                + BEARER
                + " id_token "
                + JWT);
    assertNoPlantedSecret(out);
    assertThat(out).contains("X-Vault-Token:").contains("Authorization: Bearer");
  }

  @Test
  void masksABareVaultTokenAndABearerTokenWithoutAHeaderName() {
    String out = Sanitizer.clean("renewal of " + VAULT_TOKEN + " failed; sent bearer " + BEARER);
    assertNoPlantedSecret(out);
    assertThat(out).contains("renewal of").contains("failed");
  }

  @Test
  void masksAwsAccessKeyIdsAndSecretKeys() {
    String out =
        Sanitizer.clean(
            "signing with " + AWS_KEY_ID + " and aws_secret_access_key=" + AWS_SECRET + " failed");
    assertNoPlantedSecret(out);
    String bare = Sanitizer.clean("credentials " + AWS_KEY_ID + " " + AWS_SECRET + " rejected");
    assertNoPlantedSecret(bare);
    assertThat(bare).contains("rejected");
  }

  @Test
  void masksPemPrivateKeysOnOneLineOrMany() {
    String oneLine =
        Sanitizer.clean(
            "bad key -----BEGIN PRIVATE KEY----- "
                + PEM_BODY
                + " -----END PRIVATE KEY----- ignored");
    assertNoPlantedSecret(oneLine);
    assertThat(oneLine).startsWith("bad key");
    String multi =
        Sanitizer.clean("-----BEGIN RSA PRIVATE KEY-----" + PEM_BODY + "\n" + PEM_BODY + "\n");
    assertNoPlantedSecret(multi);
  }

  @Test
  void dropsRawJsonAndXmlProviderPayloads() {
    String kms =
        Sanitizer.clean(
            "KMS Decrypt failed (400): {\"__type\":\"AccessDeniedException\",\"message\":\""
                + KMS_SECRET
                + "\"}");
    assertNoPlantedSecret(kms);
    assertThat(kms).startsWith("KMS Decrypt failed (400):");
    String vault =
        Sanitizer.clean(
            "vault answered 403 {\"errors\":[\"permission denied for token "
                + VAULT_BODY_SECRET
                + "\"]}");
    assertNoPlantedSecret(vault);
    assertThat(vault).startsWith("vault answered 403");
    String unterminated = Sanitizer.clean("vault: {\"errors\":[\"" + VAULT_BODY_SECRET);
    assertNoPlantedSecret(unterminated);
    String xml =
        Sanitizer.clean(
            "S3 said 403 <?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Detail>"
                + KMS_SECRET
                + "</Detail></Error>");
    assertNoPlantedSecret(xml);
    assertThat(xml).startsWith("S3 said 403");
  }

  @Test
  void keepsOnlyTheFirstLineOfAStackTrace() {
    String trace =
        "java.lang.IllegalStateException: unwrap failed\n"
            + "\tat dev.palisade.keys.Keyrings.unwrap(Keyrings.java:88)\n"
            + "Caused by: java.io.IOException: password="
            + PG_PASSWORD
            + "\n\tat java.base/java.net.Socket.connect(Socket.java:1)";
    String out = Sanitizer.clean(trace);
    assertNoPlantedSecret(out);
    assertThat(out).isEqualTo("java.lang.IllegalStateException: unwrap failed");
    assertThat(Sanitizer.clean("first\u2028password=" + PG_PASSWORD)).isEqualTo("first");
    assertThat(Sanitizer.clean("first\rsecond " + VAULT_TOKEN)).isEqualTo("first");
  }

  @Test
  void aSqlExceptionBecomesItsStateWithoutItsMessage() {
    SQLException e =
        new SQLException(
            "FATAL: password authentication failed for user \"app\" password " + PG_PASSWORD,
            "28P01");
    String out = Sanitizer.reason(e);
    assertNoPlantedSecret(out);
    assertThat(out).isEqualTo("database error (SQLSTATE 28P01)");
    assertThat(Sanitizer.reason(new RuntimeException("wrapper " + PG_PASSWORD, e)))
        .isEqualTo("database error (SQLSTATE 28P01)");
  }

  @Test
  void aSecretThreeCausesDeepIsMaskedAndTheKindIsKept() {
    Throwable deep =
        new IllegalStateException(
            "login to postgresql://app:" + PG_PASSWORD + "@db:5432/x rejected");
    Throwable top =
        new RuntimeException(
            "outer", new RuntimeException("middle " + VAULT_TOKEN, new IOException("io", deep)));
    String out = Sanitizer.reason(top);
    assertNoPlantedSecret(out);
    assertThat(out)
        .startsWith("IllegalStateException: login to postgresql://")
        .contains("@db:5432");
    assertThat(out).endsWith("rejected");
  }

  @Test
  void wellKnownNetworkFailuresBecomeFixedPhrases() {
    Throwable e =
        new RuntimeException(
            "https://ops:" + VAULT_PASSWORD + "@vault:8200",
            new ConnectException("Connection refused to " + BEARER));
    assertThat(Sanitizer.reason(e)).isEqualTo("connection refused");
    assertThat(Sanitizer.reason("vault transit", e)).isEqualTo("vault transit: connection refused");
  }

  @Test
  void aPlatformExceptionKeepsItsScrubbedMessage() {
    PlatformException e =
        new PlatformException(
            ErrorCode.DEPENDENCY_FAILED, "vault refused the token " + VAULT_TOKEN + " (403)");
    String out = Sanitizer.reason(e);
    assertNoPlantedSecret(out);
    assertThat(out).startsWith("vault refused the token").endsWith("(403)");
  }

  @Test
  void controlAndInvisibleCharactersAreRemoved() {
    String out =
        Sanitizer.clean("job\u0007 failed \u001b[31mred\u001b[0m \u202Egnp.exe\u0000 done");
    assertThat(out).doesNotContainPattern("[\\p{Cntrl}\\p{Cf}]");
    assertThat(out).contains("job").contains("failed").contains("done");
  }

  @Test
  void overLongTextIsBoundedAndNeverEndsInAHalfSecret() {
    String out = Sanitizer.clean("x ".repeat(5_000) + AWS_SECRET + " tail");
    assertThat(out.length()).isLessThanOrEqualTo(Sanitizer.MAX_LENGTH);
    assertThat(out).endsWith("…");
    String huge = Sanitizer.clean("word ".repeat(1_638) + "wo" + AWS_SECRET);
    assertThat(huge).doesNotContain("wJalr").doesNotContain("EXAMPLEKEY");
    assertThat(Sanitizer.clean(null)).isEmpty();
    assertThat(Sanitizer.reason((Throwable) null)).isEqualTo("unknown failure");
  }

  @Test
  void ordinaryWordsIdentifiersAndHostsAreNotRedacted() {
    String[] kept = {
      "token expired; please sign in again",
      "invalid token provided by the caller",
      "Bearer authentication failed for realm palisade",
      "Basic authentication is disabled",
      "why? the key provider is unreachable",
      "chain 3f2504e0-4f89-11d3-9a0c-0305e82c3301 broken between entries 41 and 42",
      "mapping: ok, spinning: false, sessions open",
      "palisade-audit-writer-thread-pool-worker",
      "vault.internal.example.com:8200 answered 503 Service Unavailable",
      "job license-refresh failed after 3 attempts",
    };
    for (String text : kept) {
      assertThat(Sanitizer.clean(text)).isEqualTo(text);
    }
  }

  @Test
  void theKeyOfASecretPairIsKeptAndOnlyItsValueMasked() {
    assertThat(Sanitizer.clean("login failed: password=" + PG_PASSWORD + " user=app"))
        .isEqualTo("login failed: password=[redacted] user=app");
    assertThat(Sanitizer.clean("client_secret: \"" + KMS_SECRET + "\""))
        .isEqualTo("client_secret: \"[redacted]\"");
    assertThat(Sanitizer.clean("pin=1234 slot 0")).isEqualTo("pin=[redacted] slot 0");
  }
}
