package dev.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.DeployTools;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/palisade-java}, the launcher of bin/run-server, the Debian unit and the container:
 * the options of {@code deploy/jvm.options} first, {@code PALISADE_JAVA_OPTS} after them, and a
 * class-data archive that the first run records and later runs map. The program it starts here is
 * {@link LauncherProbe} in a jar of its own, which reports the JVM's options and mapped archives.
 */
class JvmLauncherTest {
  private static final Path LAUNCHER = DeployTools.ROOT.resolve("deploy/palisade-java");

  @TempDir Path dir;
  private Path jar;
  private Path home;

  @BeforeEach
  void probeJar() throws IOException {
    jar = dir.resolve("probe.jar");
    home = dir.resolve("home");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
    String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        var in = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
  }

  @Test
  void theFirstRunRecordsAnArchiveAndTheNextMapsIt() throws Exception {
    List<String> first = launch(Map.of());
    assertThat(first).contains("-XX:+UseSerialGC", "-Xmx256m");
    String recording = option(first, "-XX:ArchiveClassesAtExit=");
    assertThat(recording).startsWith(home.resolve("cds/palisade-").toString()).endsWith(".jsa.new");
    assertThat(first).noneMatch(l -> l.startsWith("mapped " + home));
    assertThat(Path.of(recording)).isRegularFile();

    List<String> second = launch(Map.of());
    String archive = recording.substring(0, recording.length() - ".new".length());
    assertThat(option(second, "-XX:SharedArchiveFile=")).isEqualTo(archive);
    assertThat(second).contains("mapped " + archive);
    assertThat(archives()).containsExactly(Path.of(archive).getFileName().toString());
    assertThat(launch(Map.of())).contains("mapped " + archive);
  }

  @Test
  void aDamagedRecordingIsDroppedAndRecordedAgain() throws Exception {
    String recording = option(launch(Map.of()), "-XX:ArchiveClassesAtExit=");
    byte[] whole = Files.readAllBytes(Path.of(recording));
    Files.delete(Path.of(recording));
    // what a run killed while writing it leaves
    Files.write(Path.of(recording), java.util.Arrays.copyOf(whole, whole.length / 3));

    List<String> next = launch(Map.of());
    assertThat(next).noneMatch(l -> l.startsWith("-XX:SharedArchiveFile="));
    assertThat(option(next, "-XX:ArchiveClassesAtExit=")).isEqualTo(recording);
    assertThat(Files.size(Path.of(recording))).isEqualTo(whole.length);
    assertThat(launch(Map.of())).anyMatch(l -> l.startsWith("mapped " + home));
  }

  @Test
  void optionsAfterTheDefaultsWinAndMakeAnArchiveOfTheirOwn() throws Exception {
    launch(Map.of());
    launch(Map.of());
    List<String> before = archives();
    assertThat(before).hasSize(1);

    List<String> bigger = launch(Map.of("PALISADE_JAVA_OPTS", "-Xmx300m -Dprobe=1"));
    assertThat(bigger.indexOf("-Xmx300m")).isGreaterThan(bigger.indexOf("-Xmx256m"));
    long heap = Long.parseLong(option(bigger, "heap "));
    assertThat(heap).isGreaterThan(256L << 20).isLessThanOrEqualTo(300L << 20);
    assertThat(option(bigger, "-XX:ArchiveClassesAtExit=")).doesNotContain(before.get(0));

    launch(Map.of("PALISADE_JAVA_OPTS", "-Xmx300m -Dprobe=1"));
    assertThat(archives()).hasSize(1).doesNotContainAnyElementsOf(before);
  }

  @Test
  void withoutArchivesNothingIsRecordedOrMapped() throws Exception {
    List<String> options = launch(Map.of("PALISADE_CDS", "false"));
    assertThat(options)
        .contains("-XX:+UseSerialGC")
        .noneMatch(l -> l.startsWith("-XX:ArchiveClassesAtExit="))
        .noneMatch(l -> l.startsWith("-XX:SharedArchiveFile="));
    assertThat(home.resolve("cds")).doesNotExist();
  }

  @Test
  void refusesAMissingJar() throws Exception {
    Process p = start(List.of(LAUNCHER.toString(), dir.resolve("none.jar").toString()), Map.of());
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(66);
    assertThat(out).contains("no jar at");
  }

  private List<String> launch(Map<String, String> env) throws Exception {
    Process p = start(List.of(LAUNCHER.toString(), jar.toString()), env);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().toList();
  }

  private Process start(List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> e = pb.environment();
    e.keySet().removeIf(k -> k.startsWith("PALISADE_") || k.startsWith("JAVA_TOOL"));
    e.put("PALISADE_HOME", home.toString());
    e.putAll(new HashMap<>(env));
    Process p = pb.start();
    p.getOutputStream().close();
    return p;
  }

  private List<String> archives() throws IOException {
    try (Stream<Path> files = Files.list(home.resolve("cds"))) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static String option(List<String> lines, String prefix) {
    return lines.stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " in " + lines));
  }
}
