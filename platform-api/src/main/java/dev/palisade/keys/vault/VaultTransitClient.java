package dev.palisade.keys.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * The Transit HTTP API over the JDK client. Answers are reduced to their {@code data} object;
 * failures become sanitized {@link PlatformException}s that name the operation and the HTTP status
 * but never carry the token, the request or Vault's response body. Thread-safe.
 */
final class VaultTransitClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final VaultKeysConfig config;
  private final HttpClient http;

  VaultTransitClient(VaultKeysConfig config) {
    this.config = config;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** {@code POST /v1/{mount}/{operation}/{key}} with {@code body}; returns {@code data}. */
  JsonNode post(String operation, Map<String, String> body) {
    URI uri =
        URI.create(
            config.address()
                + "/v1/"
                + config.transitMount()
                + "/"
                + operation
                + "/"
                + config.keyName());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(config.requestTimeout())
            .header("X-Vault-Token", config.token())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json(body)));
    if (config.namespace() != null) {
      request.header("X-Vault-Namespace", config.namespace());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE,
          "Vault at " + config.address() + " did not answer transit " + operation);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE, "interrupted during Vault transit " + operation);
    }
    int status = response.statusCode();
    if (status != 200) {
      throw failure(operation, status);
    }
    try {
      JsonNode data = JSON.readTree(response.body()).path("data");
      if (!data.isObject()) {
        throw new IOException("no data");
      }
      return data;
    } catch (IOException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_FAILED, "Vault transit " + operation + " gave an unreadable answer");
    }
  }

  private PlatformException failure(String operation, int status) {
    String what =
        switch (status) {
          case 401, 403 -> "Vault refused the token for transit " + operation;
          case 404 -> "Vault has no transit mount or key for " + operation;
          case 400 -> "Vault transit refused " + operation;
          case 429, 502, 503, 504 ->
              "Vault is sealed, in standby or overloaded during " + operation;
          default -> "Vault transit " + operation + " failed";
        };
    ErrorCode code =
        status == 429 || status >= 502 && status <= 504
            ? ErrorCode.DEPENDENCY_UNAVAILABLE
            : ErrorCode.DEPENDENCY_FAILED;
    return new PlatformException(code, what + " (HTTP " + status + ")");
  }

  private static String json(Map<String, String> body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
