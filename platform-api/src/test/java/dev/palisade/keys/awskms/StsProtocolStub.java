package dev.palisade.keys.awskms;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-process server that speaks the documented AWS STS query protocol for {@code AssumeRole}
 * (version 2011-06-15): a form-encoded POST whose SigV4 {@code Authorization} header must name a
 * principal the stub knows and carry a signature made with its secret ({@link SigV4Check}), checked
 * against each role's trust (which principals, which {@code sts:ExternalId}), {@code
 * RoleSessionName} and {@code DurationSeconds} validated as STS does, and answers in STS's XML
 * shapes ({@code AssumeRoleResponse}, {@code ErrorResponse}). The temporary credentials it issues
 * expire by {@code clock}; {@link #refusal} tells the KMS stub whether a caller holds valid ones.
 */
public final class StsProtocolStub implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpServer server;
  private final ExecutorService workers = Executors.newFixedThreadPool(4);
  private final Clock clock;
  private final Map<String, String> principals = new ConcurrentHashMap<>();
  private final Map<String, Trust> roles = new ConcurrentHashMap<>();
  private final Map<String, Issued> issued = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private boolean closed;

  /** Who may assume a role: the principal's access key id and the external id it must send. */
  private record Trust(String principal, String externalId) {}

  /** Temporary credentials the stub issued. */
  public record Issued(String accessKeyId, String secret, String token, Instant expiration) {}

  /** One AssumeRole request as the stub saw it: the signing access key id and the form. */
  public record Call(String signedBy, String region, Map<String, String> form) {}

  private StsProtocolStub(Clock clock) throws IOException {
    this.clock = clock;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(workers);
    server.start();
  }

  public static StsProtocolStub start(Clock clock) throws IOException {
    return new StsProtocolStub(clock);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** An IAM principal (a user's access key) that may sign requests. */
  public void principal(String accessKeyId, String secret) {
    principals.put(accessKeyId, secret);
  }

  /** Creates (or replaces) {@code roleArn}, trusting {@code principal} with {@code externalId}. */
  public void role(String roleArn, String principal, String externalId) {
    roles.put(roleArn, new Trust(principal, externalId));
  }

  /** Deletes the role: later AssumeRole calls are refused. */
  public void deleteRole(String roleArn) {
    roles.remove(roleArn);
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The secret of temporary credentials this stub issued. */
  public Optional<String> secretOf(String accessKeyId) {
    Issued i = issued.get(accessKeyId);
    return i == null ? Optional.empty() : Optional.of(i.secret());
  }

  public List<Issued> issued() {
    return List.copyOf(issued.values());
  }

  /**
   * Why temporary credentials {@code accessKeyId} with {@code token} are not valid now (as KMS
   * answers it), or empty when the stub issued them and they have not expired.
   */
  public Optional<String> refusal(String accessKeyId, String token) {
    Issued i = issued.get(accessKeyId);
    if (i == null || token == null || !i.token().equals(token)) {
      return Optional.of("UnrecognizedClientException");
    }
    if (!clock.instant().isBefore(i.expiration())) {
      return Optional.of("ExpiredTokenException");
    }
    return Optional.empty();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      SigV4Check.Credential credential =
          SigV4Check.credential(ex.getRequestHeaders().getFirst("Authorization"));
      if (credential == null || !credential.service().equals("sts")) {
        reply(
            ex,
            400,
            error("MissingAuthenticationToken", "Request is missing Authentication Token"));
        return;
      }
      String signedBy = credential.accessKeyId();
      byte[] raw = ex.getRequestBody().readAllBytes();
      Map<String, String> form = form(new String(raw, StandardCharsets.UTF_8));
      if (!"POST".equals(ex.getRequestMethod())
          || !String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"))
              .startsWith("application/x-www-form-urlencoded")) {
        reply(ex, 400, error("InvalidAction", "Could not find operation for this request"));
        return;
      }
      calls.add(new Call(signedBy, credential.region(), form));
      if (!principals.containsKey(signedBy)) {
        reply(
            ex,
            403,
            error(
                "InvalidClientTokenId", "The security token included in the request is invalid."));
        return;
      }
      if (!SigV4Check.signedWith(ex, raw, principals.get(signedBy))) {
        reply(
            ex,
            403,
            error(
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided."));
        return;
      }
      if (!"AssumeRole".equals(form.get("Action")) || !"2011-06-15".equals(form.get("Version"))) {
        reply(ex, 400, error("InvalidAction", "Could not find operation " + form.get("Action")));
        return;
      }
      String refused = validate(form);
      if (refused != null) {
        reply(ex, 400, error("ValidationError", refused));
        return;
      }
      Trust trust = roles.get(form.get("RoleArn"));
      if (trust == null
          || !trust.principal().equals(signedBy)
          || (trust.externalId() != null && !trust.externalId().equals(form.get("ExternalId")))) {
        reply(
            ex,
            403,
            error(
                "AccessDenied",
                "User: arn:aws:iam::444455556666:user/caller is not authorized to perform:"
                    + " sts:AssumeRole on resource: "
                    + form.get("RoleArn")));
        return;
      }
      reply(ex, 200, issue(form));
    }
  }

  private static String validate(Map<String, String> form) {
    if (form.get("RoleArn") == null || form.get("RoleArn").length() < 20) {
      return "1 validation error detected: Value at 'roleArn' failed to satisfy constraint";
    }
    String session = form.getOrDefault("RoleSessionName", "");
    if (!session.matches("[\\w+=,.@-]{2,64}")) {
      return "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint";
    }
    String external = form.get("ExternalId");
    if (external != null && !external.matches("[\\w+=,.@:/-]{2,1224}")) {
      return "1 validation error detected: Value at 'externalId' failed to satisfy constraint";
    }
    int duration = Integer.parseInt(form.getOrDefault("DurationSeconds", "3600"));
    if (duration < 900 || duration > 3600) {
      return "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.";
    }
    return null;
  }

  private String issue(Map<String, String> form) {
    String accessKeyId =
        "ASIA" + random(16).toUpperCase().replaceAll("[^A-Z0-9]", "Q").substring(0, 16);
    Instant expiration =
        clock
            .instant()
            .truncatedTo(ChronoUnit.SECONDS)
            .plusSeconds(Integer.parseInt(form.getOrDefault("DurationSeconds", "3600")));
    Issued i = new Issued(accessKeyId, random(30), "FwoGZXIvYXdzE" + random(60), expiration);
    issued.put(accessKeyId, i);
    String role = form.get("RoleArn");
    String roleName = role.substring(role.lastIndexOf('/') + 1);
    String account = role.split(":")[4];
    String session = form.get("RoleSessionName");
    return "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
        + "  <AssumeRoleResult>\n"
        + "    <AssumedRoleUser>\n"
        + "      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:"
        + session
        + "</AssumedRoleId>\n"
        + "      <Arn>arn:aws:sts::"
        + account
        + ":assumed-role/"
        + roleName
        + "/"
        + session
        + "</Arn>\n"
        + "    </AssumedRoleUser>\n"
        + "    <Credentials>\n"
        + "      <AccessKeyId>"
        + i.accessKeyId()
        + "</AccessKeyId>\n"
        + "      <SecretAccessKey>"
        + i.secret()
        + "</SecretAccessKey>\n"
        + "      <SessionToken>"
        + i.token()
        + "</SessionToken>\n"
        + "      <Expiration>"
        + expiration
        + "</Expiration>\n"
        + "    </Credentials>\n"
        + "    <PackedPolicySize>6</PackedPolicySize>\n"
        + "  </AssumeRoleResult>\n"
        + "  <ResponseMetadata>\n"
        + "    <RequestId>"
        + UUID.randomUUID()
        + "</RequestId>\n"
        + "  </ResponseMetadata>\n"
        + "</AssumeRoleResponse>\n";
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getEncoder()
        .withoutPadding()
        .encodeToString(b)
        .replace('+', 'A')
        .replace('/', 'B');
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static String error(String code, String message) {
    String type = code.equals("InternalFailure") ? "Receiver" : "Sender";
    return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
        + "  <Error>\n"
        + "    <Type>"
        + type
        + "</Type>\n"
        + "    <Code>"
        + code
        + "</Code>\n"
        + "    <Message>"
        + message.replace("&", "&amp;").replace("<", "&lt;")
        + "</Message>\n"
        + "  </Error>\n"
        + "  <RequestId>"
        + UUID.randomUUID()
        + "</RequestId>\n"
        + "</ErrorResponse>\n";
  }

  private static void reply(HttpExchange ex, int status, String xml) throws IOException {
    AwsStubReplies.reply(ex, status, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
  }

  /** Stops answering; a second call does nothing. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      server.stop(0);
      workers.shutdownNow();
    }
  }
}
