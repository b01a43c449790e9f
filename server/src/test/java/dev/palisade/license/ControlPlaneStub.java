package dev.palisade.license;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A license control plane over real HTTPS on loopback, with a certificate made by {@code keytool}
 * when the stub starts (its PEM is {@link #caFile()}). It serves {@code GET
 * /v1/installs/{id}/license} with a license signed by a {@link TestVendor}, and can be switched to
 * answer 500, a broken signature, another install's license, or to be down.
 */
final class ControlPlaneStub implements AutoCloseable {
  enum Mode {
    OK,
    SERVER_ERROR,
    BAD_SIGNATURE,
    OTHER_INSTALL
  }

  private static final String PASS = "changeit";

  private final TestVendor vendor;
  private final Path dir;
  private final SSLContext ssl;
  private final int port;
  private HttpsServer server;
  private volatile Mode mode = Mode.OK;
  private volatile Map<String, Object> license;
  private volatile String latestVersion = "9.9.0";
  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  ControlPlaneStub(TestVendor vendor) throws Exception {
    this.vendor = vendor;
    this.dir = Files.createTempDirectory("control-plane");
    Path keystore = dir.resolve("tls.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "cp",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASS,
        "-keypass",
        PASS);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "cp",
        "-keystore",
        keystore.toString(),
        "-storepass",
        PASS,
        "-file",
        caFile().toString());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keystore.toFile())) {
      ks.load(in, PASS.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASS.toCharArray());
    ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);
    server = start(0);
    port = server.getAddress().getPort();
  }

  private static void keytool(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
  }

  private HttpsServer start(int onPort) throws IOException {
    HttpsServer s =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
    s.setHttpsConfigurator(new HttpsConfigurator(ssl));
    s.createContext("/v1/installs/", this::handle);
    s.start();
    return s;
  }

  Path caFile() {
    return dir.resolve("ca.pem");
  }

  String url() {
    return "https://127.0.0.1:" + port;
  }

  void serve(Map<String, Object> doc) {
    this.license = doc;
    this.mode = Mode.OK;
  }

  void mode(Mode m) {
    this.mode = m;
  }

  void latestVersion(String v) {
    this.latestVersion = v;
  }

  synchronized void down() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  synchronized void up() throws IOException {
    if (server == null) {
      server = start(port);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    authorizations.add(auth == null ? "" : auth);
    Mode m = mode;
    if (m == Mode.SERVER_ERROR || license == null) {
      send(ex, 500, "{\"error\":\"internal failure, secret=hunter2\"}");
      return;
    }
    Map<String, Object> doc = new LinkedHashMap<>(license);
    if (m == Mode.OTHER_INSTALL) {
      doc.put("installId", UUID.randomUUID().toString());
    }
    Map<String, Object> envelope = vendor.envelope(doc);
    if (m == Mode.BAD_SIGNATURE) {
      byte[] sig = Base64.getDecoder().decode((String) envelope.get("signature"));
      sig[5] ^= 1;
      envelope.put("signature", Base64.getEncoder().encodeToString(sig));
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("signedLicense", envelope);
    answer.put("latestVersion", latestVersion);
    send(ex, 200, TestVendor.json(answer));
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    down();
  }
}
