package dev.palisade.keys.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.net.GuardedHttp;
import dev.palisade.net.OutboundGuard;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.http.HttpEntity;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;

/**
 * The Transit HTTP API over a client of the outbound guard ({@code vault}): the connection goes to
 * the address the guard checked, redirects are not followed, answers are bounded to 1 MiB. Answers
 * are reduced to their {@code data} object; failures become sanitized {@link PlatformException}s
 * that name the operation and the HTTP status but never carry the token, the request or Vault's
 * response body. Thread-safe; {@link #close()} releases the connections.
 */
final class VaultTransitClient implements AutoCloseable {
  static final String CLIENT = "vault";
  private static final int MAX_BODY = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final VaultKeysConfig config;
  private final CloseableHttpClient http;

  VaultTransitClient(VaultKeysConfig config, OutboundGuard guard) {
    this.config = config;
    this.http =
        GuardedHttp.client(guard, CLIENT, config.connectTimeout(), config.requestTimeout(), null);
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
    HttpPost request = new HttpPost(uri);
    request.setHeader("X-Vault-Token", config.token());
    if (config.namespace() != null) {
      request.setHeader("X-Vault-Namespace", config.namespace());
    }
    request.setEntity(new StringEntity(json(body), ContentType.APPLICATION_JSON));
    int status;
    byte[] answer;
    try (CloseableHttpResponse response = http.execute(request)) {
      status = response.getStatusLine().getStatusCode();
      HttpEntity entity = response.getEntity();
      answer = new byte[0];
      if (entity != null) {
        try (InputStream in = entity.getContent()) {
          answer = in.readNBytes(MAX_BODY + 1);
        }
      }
    } catch (IOException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE,
          "Vault at " + config.address() + " did not answer transit " + operation);
    }
    if (status != 200) {
      throw failure(operation, status);
    }
    try {
      if (answer.length > MAX_BODY) {
        throw new IOException("too large");
      }
      JsonNode data = JSON.readTree(new String(answer, StandardCharsets.UTF_8)).path("data");
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

  @Override
  public void close() {
    try {
      http.close();
    } catch (IOException e) {
      // the connections are gone either way
    }
  }

  private static String json(Map<String, String> body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
