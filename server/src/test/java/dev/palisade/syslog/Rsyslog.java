package dev.palisade.syslog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.testing.Eventually;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real rsyslog 8 relay in the foreground with a configuration of its own: {@code imudp}, {@code
 * imtcp} and {@code imtcp} with {@code gtls} on free loopback ports, {@code mmpstrucdata} parsing
 * the structured data, and {@code omfile} writing one JSON object per message (header fields, the
 * message and the parsed structured data). A certificate authority and a server certificate (for
 * 127.0.0.1 unless told otherwise) are made with openssl. Each line also carries {@code received},
 * when rsyslog received the message (RFC 3339, microseconds).
 */
public final class Rsyslog implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final int udpPort;
  public final int tcpPort;
  final int tlsPort;
  private Process process;

  private final String san;

  private Rsyslog(Path dir, String san) throws IOException {
    this.dir = dir;
    this.san = san;
    this.udpPort = freePort();
    this.tcpPort = freePort();
    this.tlsPort = freePort();
  }

  public static Rsyslog start() throws Exception {
    return start("IP:127.0.0.1");
  }

  /** A relay whose TLS certificate names {@code san} (an openssl subjectAltName value). */
  static Rsyslog start(String san) throws Exception {
    Rsyslog r = new Rsyslog(Files.createTempDirectory("rsyslog"), san);
    r.certificates();
    r.configure();
    r.run();
    return r;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void openssl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + ": " + out);
    }
  }

  /** A CA of its own; {@link #caPem()} is its certificate. */
  static void makeCa(Rsyslog r, String name) throws Exception {
    r.openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        name + "-key.pem",
        "-out",
        name + ".pem",
        "-days",
        "2",
        "-subj",
        "/CN=" + name);
  }

  private void certificates() throws Exception {
    makeCa(this, "ca");
    makeCa(this, "other-ca");
    Files.writeString(dir.resolve("san.cnf"), "subjectAltName=" + san + "\n");
    openssl(
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server-key.pem",
        "-out",
        "server.csr",
        "-subj",
        "/CN=relay");
    openssl(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca-key.pem",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "san.cnf");
  }

  public int tcpPort() {
    return tcpPort;
  }

  public int tlsPort() {
    return tlsPort;
  }

  /** The file omfile writes, one JSON object a line. */
  public Path output() {
    return dir.resolve("out.json");
  }

  public String caPem() throws IOException {
    return Files.readString(dir.resolve("ca.pem"));
  }

  String otherCaPem() throws IOException {
    return Files.readString(dir.resolve("other-ca.pem"));
  }

  private void configure() throws IOException {
    Files.createDirectories(dir.resolve("work"));
    String d = dir.toString();
    String conf =
        "global(workDirectory=\""
            + d
            + "/work\" defaultNetstreamDriverCAFile=\""
            + d
            + "/ca.pem\" defaultNetstreamDriverCertFile=\""
            + d
            + "/server.pem\" defaultNetstreamDriverKeyFile=\""
            + d
            + "/server-key.pem\")\n"
            + "module(load=\"imudp\")\n"
            + "module(load=\"imtcp\")\n"
            + "module(load=\"mmpstrucdata\")\n"
            + "template(name=\"palisade-json\" type=\"string\" string=\"{\\\"pri\\\":\\\"%pri%\\\","
            + "\\\"hostname\\\":\\\"%hostname%\\\",\\\"app\\\":\\\"%app-name%\\\","
            + "\\\"procid\\\":\\\"%procid%\\\",\\\"msgid\\\":\\\"%msgid%\\\","
            + "\\\"received\\\":\\\"%timegenerated:::date-rfc3339%\\\","
            + "\\\"msg\\\":\\\"%msg:::json%\\\",\\\"sd\\\":%$!rfc5424-sd%}\\n\")\n"
            + "ruleset(name=\"palisade\") {\n"
            + "  action(type=\"mmpstrucdata\")\n"
            + "  action(type=\"omfile\" file=\""
            + d
            + "/out.json\" template=\"palisade-json\")\n"
            + "}\n"
            + "input(type=\"imudp\" address=\"127.0.0.1\" port=\""
            + udpPort
            + "\" ruleset=\"palisade\")\n"
            + "input(type=\"imtcp\" address=\"127.0.0.1\" port=\""
            + tcpPort
            + "\" ruleset=\"palisade\")\n"
            + "input(type=\"imtcp\" address=\"127.0.0.1\" port=\""
            + tlsPort
            + "\" ruleset=\"palisade\" streamDriver.name=\"gtls\" streamDriver.mode=\"1\""
            + " streamDriver.authMode=\"anon\")\n";
    Files.writeString(dir.resolve("rsyslog.conf"), conf);
  }

  /** Starts (or starts again) the relay and waits until its TCP ports accept connections. */
  void run() throws Exception {
    process =
        new ProcessBuilder(
                "rsyslogd",
                "-n",
                "-f",
                dir.resolve("rsyslog.conf").toString(),
                "-i",
                dir.resolve("rsyslog.pid").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("rsyslog.log").toFile())
            .start();
    Eventually.until(Duration.ofSeconds(20), () -> listening(tcpPort) && listening(tlsPort));
  }

  private boolean listening(int port) {
    if (!process.isAlive()) {
      throw new IllegalStateException("rsyslogd exited: " + log());
    }
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  String log() {
    try {
      return Files.readString(dir.resolve("rsyslog.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** Stops the relay (SIGTERM) and waits for it to exit. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** Every message written so far, parsed. */
  public List<JsonNode> received() throws IOException {
    Path out = dir.resolve("out.json");
    List<JsonNode> all = new ArrayList<>();
    if (!Files.exists(out)) {
      return all;
    }
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        all.add(JSON.readTree(line));
      }
    }
    return all;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
