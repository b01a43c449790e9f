package dev.palisade.keys.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * An in-process server that speaks the documented Vault Transit HTTP API for {@code aes256-gcm96}
 * keys: create, read and rotate keys; encrypt, decrypt and rewrap with {@code vault:vN:}
 * ciphertexts made of a 96-bit nonce and real AES-GCM under the key version; {@code X-Vault-Token}
 * and {@code X-Vault-Namespace} checks; the {@code {"errors":[...]}} error shape; a sealed state
 * answering 503. Not Vault: no policies, leases, derived or convergent keys, or batch input.
 */
public final class VaultTransitProtocolStub implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CIPHERTEXT = Pattern.compile("^vault:v(\\d+):(.*)$");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpServer server;
  private final ExecutorService workers = Executors.newFixedThreadPool(4);
  private final String token;
  private final String mount;
  private final Map<String, List<SecretKey>> keys = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final List<String> traceparents = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile String namespace;
  private volatile boolean sealed;

  private VaultTransitProtocolStub(String token, String mount) throws IOException {
    this.token = token;
    this.mount = mount;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(workers);
    server.start();
  }

  public static VaultTransitProtocolStub start(String token) throws IOException {
    return new VaultTransitProtocolStub(token, "transit");
  }

  public String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public void createKey(String name) {
    keys.computeIfAbsent(name, n -> new ArrayList<>(List.of(newKey())));
  }

  /** Requests must then carry this {@code X-Vault-Namespace}. */
  public void requireNamespace(String ns) {
    this.namespace = ns;
  }

  public void seal() {
    sealed = true;
  }

  public void unseal() {
    sealed = false;
  }

  /** How many requests reached {@code operation} ({@code encrypt}, {@code decrypt}, ...). */
  public int calls(String operation) {
    return calls.getOrDefault(operation, new AtomicInteger()).get();
  }

  /** The {@code traceparent} header of every request that carried one, in arrival order. */
  public List<String> traceparents() {
    return List.copyOf(traceparents);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String traceparent = ex.getRequestHeaders().getFirst("traceparent");
      if (traceparent != null) {
        traceparents.add(traceparent);
      }
      if (sealed) {
        reply(ex, 503, errors("Vault is sealed"));
        return;
      }
      if (!token.equals(ex.getRequestHeaders().getFirst("X-Vault-Token"))
          || namespace != null
              && !namespace.equals(ex.getRequestHeaders().getFirst("X-Vault-Namespace"))) {
        reply(ex, 403, errors("permission denied"));
        return;
      }
      String prefix = "/v1/" + mount + "/";
      String path = ex.getRequestURI().getPath();
      if (!path.startsWith(prefix)) {
        reply(ex, 404, errors());
        return;
      }
      String[] parts = path.substring(prefix.length()).split("/");
      JsonNode body = JSON.createObjectNode();
      byte[] raw = ex.getRequestBody().readAllBytes();
      if (raw.length > 0) {
        try {
          body = JSON.readTree(raw);
        } catch (IOException e) {
          reply(ex, 400, errors("failed to parse JSON input"));
          return;
        }
      }
      calls.computeIfAbsent(parts[0], k -> new AtomicInteger()).incrementAndGet();
      route(ex, parts, body);
    }
  }

  private void route(HttpExchange ex, String[] parts, JsonNode body) throws IOException {
    String method = ex.getRequestMethod();
    if (parts.length == 2 && parts[0].equals("keys") && method.equals("POST")) {
      createKey(parts[1]);
      reply(ex, 204, null);
    } else if (parts.length == 2 && parts[0].equals("keys") && method.equals("GET")) {
      readKey(ex, parts[1]);
    } else if (parts.length == 3 && parts[0].equals("keys") && parts[2].equals("rotate")) {
      List<SecretKey> versions = keys.get(parts[1]);
      if (versions == null) {
        reply(ex, 400, errors("key not found"));
        return;
      }
      synchronized (versions) {
        versions.add(newKey());
      }
      reply(ex, 204, null);
    } else if (parts.length == 2 && method.equals("POST")) {
      List<SecretKey> versions = keys.get(parts[1]);
      if (versions == null) {
        reply(ex, 400, errors("encryption key not found"));
        return;
      }
      transit(ex, parts[0], versions, body);
    } else {
      reply(ex, 405, errors());
    }
  }

  private void transit(HttpExchange ex, String op, List<SecretKey> versions, JsonNode body)
      throws IOException {
    try {
      ObjectNode data = JSON.createObjectNode();
      switch (op) {
        case "encrypt" -> {
          byte[] plaintext = Base64.getDecoder().decode(body.path("plaintext").asText());
          data.put("ciphertext", encrypt(versions, plaintext));
          data.put("key_version", versions.size());
        }
        case "decrypt" -> {
          byte[] plaintext = decrypt(versions, body.path("ciphertext").asText());
          data.put("plaintext", Base64.getEncoder().encodeToString(plaintext));
        }
        case "rewrap" -> {
          data.put(
              "ciphertext", encrypt(versions, decrypt(versions, body.path("ciphertext").asText())));
          data.put("key_version", versions.size());
        }
        default -> {
          reply(ex, 404, errors());
          return;
        }
      }
      ObjectNode response = JSON.createObjectNode();
      response.put("request_id", UUID.randomUUID().toString());
      response.put("lease_id", "");
      response.put("renewable", false);
      response.put("lease_duration", 0);
      response.set("data", data);
      response.putNull("wrap_info");
      response.putNull("warnings");
      response.putNull("auth");
      reply(ex, 200, response);
    } catch (IllegalArgumentException e) {
      reply(ex, 400, errors("invalid ciphertext: " + e.getMessage()));
    } catch (GeneralSecurityException e) {
      reply(ex, 400, errors("cipher: message authentication failed"));
    }
  }

  private void readKey(HttpExchange ex, String name) throws IOException {
    List<SecretKey> versions = keys.get(name);
    if (versions == null) {
      reply(ex, 404, errors());
      return;
    }
    ObjectNode data = JSON.createObjectNode();
    data.put("name", name);
    data.put("type", "aes256-gcm96");
    data.put("derived", false);
    data.put("exportable", false);
    data.put("latest_version", versions.size());
    data.put("min_decryption_version", 1);
    data.put("supports_encryption", true);
    data.put("supports_decryption", true);
    ObjectNode response = JSON.createObjectNode();
    response.set("data", data);
    reply(ex, 200, response);
  }

  private static String encrypt(List<SecretKey> versions, byte[] plaintext)
      throws GeneralSecurityException {
    int version;
    SecretKey key;
    synchronized (versions) {
      version = versions.size();
      key = versions.get(version - 1);
    }
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    byte[] sealed = c.doFinal(plaintext);
    byte[] out = ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
    return "vault:v" + version + ":" + Base64.getEncoder().encodeToString(out);
  }

  private static byte[] decrypt(List<SecretKey> versions, String ciphertext)
      throws GeneralSecurityException {
    Matcher m = CIPHERTEXT.matcher(ciphertext);
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid ciphertext: no prefix");
    }
    int version = Integer.parseInt(m.group(1));
    SecretKey key;
    synchronized (versions) {
      if (version < 1 || version > versions.size()) {
        throw new IllegalArgumentException("invalid key version");
      }
      key = versions.get(version - 1);
    }
    byte[] raw = Base64.getDecoder().decode(m.group(2));
    if (raw.length < 12 + 16) {
      throw new IllegalArgumentException("invalid ciphertext length");
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, Arrays.copyOf(raw, 12)));
    return c.doFinal(raw, 12, raw.length - 12);
  }

  private static SecretKey newKey() {
    try {
      KeyGenerator g = KeyGenerator.getInstance("AES");
      g.init(256);
      return g.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode errors(String... messages) {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode array = node.putArray("errors");
    for (String m : messages) {
      array.add(m);
    }
    return node;
  }

  private static void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
