package dev.palisade.keys.awskms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

/**
 * An in-process server that speaks the documented AWS KMS JSON 1.1 protocol ({@code X-Amz-Target:
 * TrentService.*}) for symmetric keys: GenerateDataKey, Encrypt, Decrypt and ReEncrypt, with key
 * ids, ARNs and aliases, real AES-GCM inside an opaque ciphertext blob that names its key, the
 * encryption context bound as associated data ({@code InvalidCiphertextException} when it differs),
 * and the {@code {"__type": ..., "message": ...}} error shape. It requires a SigV4 {@code
 * Authorization} header naming the expected access key id but does not verify the signature; a stub
 * started with {@link #acceptingOnly} takes only the temporary credentials (access key id and
 * {@code X-Amz-Security-Token}) that an {@link StsProtocolStub} issued and that have not expired.
 */
public final class KmsProtocolStub implements AutoCloseable {
  public static final String REGION = "eu-west-1";
  static final String ACCOUNT = "111122223333";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpServer server;
  private final ExecutorService workers = Executors.newFixedThreadPool(4);
  private final Callers callers;
  private final List<String> signers = new CopyOnWriteArrayList<>();
  private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();
  private final Map<String, String> aliases = new ConcurrentHashMap<>();
  private final List<String> targets = new CopyOnWriteArrayList<>();

  /**
   * Whether a caller may use KMS: empty when it may, else the error type KMS answers; and the
   * secret of an access key id, when the stub should verify the request's signature with it.
   */
  @FunctionalInterface
  public interface Callers {
    Optional<String> refusal(String accessKeyId, String sessionToken);

    default Optional<String> secret(String accessKeyId) {
      return Optional.empty();
    }
  }

  private KmsProtocolStub(Callers callers) throws IOException {
    this.callers = callers;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(workers);
    server.start();
  }

  public static KmsProtocolStub start(String accessKeyId) throws IOException {
    return new KmsProtocolStub(
        (id, token) ->
            id.equals(accessKeyId) ? Optional.empty() : Optional.of("UnrecognizedClientException"));
  }

  /**
   * A stub that accepts only unexpired temporary credentials issued by one of {@code issuers}, and
   * only requests signed with their secret.
   */
  public static KmsProtocolStub acceptingOnly(StsProtocolStub... issuers) throws IOException {
    List<StsProtocolStub> stubs = List.of(issuers);
    return new KmsProtocolStub(
        new Callers() {
          @Override
          public Optional<String> refusal(String accessKeyId, String sessionToken) {
            Optional<String> refusal = Optional.of("UnrecognizedClientException");
            for (StsProtocolStub sts : stubs) {
              refusal = sts.refusal(accessKeyId, sessionToken);
              if (refusal.isEmpty() || !refusal.get().equals("UnrecognizedClientException")) {
                return refusal;
              }
            }
            return refusal;
          }

          @Override
          public Optional<String> secret(String accessKeyId) {
            return stubs.stream().flatMap(sts -> sts.secretOf(accessKeyId).stream()).findFirst();
          }
        });
  }

  /** The access key ids of the accepted requests so far. */
  public List<String> signers() {
    return List.copyOf(signers);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Creates a symmetric key and returns its ARN. */
  public String createKey() {
    String arn = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + UUID.randomUUID();
    keys.put(arn, KmsStubCrypto.newKey());
    return arn;
  }

  /** Points {@code alias} ({@code alias/name}) at the key {@code arn}, as UpdateAlias does. */
  public void alias(String alias, String arn) {
    aliases.put(alias, arn);
  }

  /** The operations called so far, as {@code X-Amz-Target} values. */
  public List<String> targets() {
    return List.copyOf(targets);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth == null) {
        reply(
            ex, 400, error("MissingAuthenticationTokenException", "Missing Authentication Token"));
        return;
      }
      SigV4Check.Credential credential = SigV4Check.credential(auth);
      String signer = credential == null ? "" : credential.accessKeyId();
      Optional<String> refusal =
          callers.refusal(signer, ex.getRequestHeaders().getFirst("X-Amz-Security-Token"));
      if (refusal.isPresent()) {
        reply(
            ex,
            400,
            error(refusal.get(), "The security token included in the request is invalid."));
        return;
      }
      byte[] raw = ex.getRequestBody().readAllBytes();
      Optional<String> secret = callers.secret(signer);
      if (secret.isPresent() && !SigV4Check.signedWith(ex, raw, secret.get())) {
        reply(
            ex,
            400,
            error(
                "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided."));
        return;
      }
      signers.add(signer);
      String target = String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Target"));
      targets.add(target);
      JsonNode body;
      try {
        body = JSON.readTree(raw);
      } catch (IOException e) {
        reply(
            ex,
            400,
            error("SerializationException", "Start of structure or map found where not expected."));
        return;
      }
      try {
        reply(ex, 200, operation(target, body));
      } catch (KmsError e) {
        reply(ex, 400, error(e.type, e.getMessage()));
      }
    }
  }

  private ObjectNode operation(String target, JsonNode body) {
    ObjectNode out = JSON.createObjectNode();
    switch (target) {
      case "TrentService.GenerateDataKey" -> {
        String arn = resolve(body.path("KeyId").asText());
        byte[] plaintext = new byte[body.path("KeySpec").asText().equals("AES_128") ? 16 : 32];
        RANDOM.nextBytes(plaintext);
        out.put("CiphertextBlob", b64(seal(arn, plaintext, body.path("EncryptionContext"))));
        out.put("Plaintext", b64(plaintext));
        out.put("KeyId", arn);
      }
      case "TrentService.Encrypt" -> {
        String arn = resolve(body.path("KeyId").asText());
        byte[] plaintext = unb64(body.path("Plaintext").asText());
        out.put("CiphertextBlob", b64(seal(arn, plaintext, body.path("EncryptionContext"))));
        out.put("KeyId", arn);
        out.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
      }
      case "TrentService.Decrypt" -> {
        Opened o =
            open(body.path("CiphertextBlob"), body.path("KeyId"), body.path("EncryptionContext"));
        out.put("Plaintext", b64(o.plaintext()));
        out.put("KeyId", o.arn());
        out.put("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
      }
      case "TrentService.ReEncrypt" -> {
        Opened o =
            open(
                body.path("CiphertextBlob"),
                body.path("SourceKeyId"),
                body.path("SourceEncryptionContext"));
        String arn = resolve(body.path("DestinationKeyId").asText());
        out.put(
            "CiphertextBlob",
            b64(seal(arn, o.plaintext(), body.path("DestinationEncryptionContext"))));
        out.put("SourceKeyId", o.arn());
        out.put("KeyId", arn);
        out.put("SourceEncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        out.put("DestinationEncryptionAlgorithm", "SYMMETRIC_DEFAULT");
      }
      default -> throw new KmsError("UnknownOperationException", "unknown operation " + target);
    }
    return out;
  }

  /** The opened plaintext and the ARN of the key that sealed it. */
  private record Opened(String arn, byte[] plaintext) {}

  private byte[] seal(String arn, byte[] plaintext, JsonNode context) {
    byte[] id = arn.getBytes(StandardCharsets.UTF_8);
    byte[] sealed = KmsStubCrypto.seal(keys.get(arn), plaintext, aad(context));
    return ByteBuffer.allocate(2 + id.length + sealed.length)
        .putShort((short) id.length)
        .put(id)
        .put(sealed)
        .array();
  }

  private Opened open(JsonNode blobNode, JsonNode keyId, JsonNode context) {
    try {
      ByteBuffer blob = ByteBuffer.wrap(unb64(blobNode.asText()));
      byte[] id = new byte[blob.getShort()];
      blob.get(id);
      String arn = new String(id, StandardCharsets.UTF_8);
      SecretKey key = keys.get(arn);
      if (key == null) {
        throw new KmsError("InvalidCiphertextException", null);
      }
      if (!keyId.isMissingNode() && !resolve(keyId.asText()).equals(arn)) {
        throw new KmsError(
            "IncorrectKeyException",
            "The key ID in the request does not identify a CMK that can perform this operation.");
      }
      byte[] rest = new byte[blob.remaining()];
      blob.get(rest);
      return new Opened(arn, KmsStubCrypto.open(key, rest, aad(context)));
    } catch (GeneralSecurityException | RuntimeException e) {
      if (e instanceof KmsError k) {
        throw k;
      }
      throw new KmsError("InvalidCiphertextException", null);
    }
  }

  private String resolve(String keyId) {
    String arn = keyId;
    if (keyId.startsWith("alias/")) {
      arn = aliases.get(keyId);
    } else if (keyId.contains(":alias/")) {
      arn = aliases.get(keyId.substring(keyId.indexOf(":alias/") + 1));
    } else if (!keyId.startsWith("arn:")) {
      arn = "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":key/" + keyId;
    }
    if (arn == null || !keys.containsKey(arn)) {
      throw new KmsError("NotFoundException", "Key '" + keyId + "' does not exist");
    }
    return arn;
  }

  private static byte[] aad(JsonNode context) {
    Map<String, String> sorted = new TreeMap<>();
    context.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText()));
    StringBuilder sb = new StringBuilder();
    sorted.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static byte[] unb64(String s) {
    return Base64.getDecoder().decode(s);
  }

  private static ObjectNode error(String type, String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("__type", type);
    if (message != null) {
      node.put("message", message);
    }
    return node;
  }

  private static void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
    AwsStubReplies.reply(ex, status, "application/x-amz-json-1.1", JSON.writeValueAsBytes(body));
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }

  /** A KMS error answer: its {@code __type} and message. */
  private static final class KmsError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String type;

    KmsError(String type, String message) {
      super(message);
      this.type = type;
    }
  }

  /** AES-256-GCM under the stub's keys: {@code nonce || ciphertext || tag}. */
  private static final class KmsStubCrypto {
    static SecretKey newKey() {
      try {
        KeyGenerator g = KeyGenerator.getInstance("AES");
        g.init(256);
        return g.generateKey();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    static byte[] seal(SecretKey key, byte[] plaintext, byte[] aad) {
      try {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        c.init(
            javax.crypto.Cipher.ENCRYPT_MODE,
            key,
            new javax.crypto.spec.GCMParameterSpec(128, nonce));
        c.updateAAD(aad);
        byte[] sealed = c.doFinal(plaintext);
        return ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    static byte[] open(SecretKey key, byte[] sealed, byte[] aad) throws GeneralSecurityException {
      javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          javax.crypto.Cipher.DECRYPT_MODE,
          key,
          new javax.crypto.spec.GCMParameterSpec(128, java.util.Arrays.copyOf(sealed, 12)));
      c.updateAAD(aad);
      return c.doFinal(sealed, 12, sealed.length - 12);
    }
  }
}
