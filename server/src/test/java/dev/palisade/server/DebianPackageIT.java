package dev.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.DeployTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code deploy/debian/build.sh} turns the server jar into {@code palisade_<version>_all.deb} with
 * dpkg-deb: a systemd unit that {@code systemd-analyze} accepts and rates as well sandboxed, a
 * conffile for the settings, maintainer scripts for the system user, and no lintian finding that is
 * neither fixed nor justified by an override.
 */
class DebianPackageIT {
  private static final Path JAR = Path.of(System.getProperty("palisade.server.jar"));

  @TempDir static Path work;
  private static Path deb;
  private static Path tree;
  private static Path control;

  @BeforeAll
  static void build() throws Exception {
    DeployTools.Result built =
        DeployTools.run(
            List.of("deploy/debian/build.sh", JAR.toString(), work.resolve("out").toString()));
    assertThat(built.exitCode()).as(built.output()).isZero();
    deb = Path.of(built.output().strip());
    tree = work.resolve("tree");
    control = work.resolve("control");
    assertThat(
            DeployTools.run(List.of("dpkg-deb", "-x", deb.toString(), tree.toString())).exitCode())
        .isZero();
    assertThat(
            DeployTools.run(List.of("dpkg-deb", "-e", deb.toString(), control.toString()))
                .exitCode())
        .isZero();
  }

  private static String field(String name) {
    DeployTools.Result f = DeployTools.run(List.of("dpkg-deb", "--field", deb.toString(), name));
    assertThat(f.exitCode()).as(f.output()).isZero();
    return f.output().strip();
  }

  @Test
  void isNamedAfterTheJarsVersionForEveryArchitecture() throws Exception {
    String version;
    try (JarFile jar = new JarFile(JAR.toFile())) {
      version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
    }
    String debian = version.replace('-', '~');
    assertThat(deb.getFileName()).hasToString("palisade_" + debian + "_all.deb");
    assertThat(field("Package")).isEqualTo("palisade");
    assertThat(field("Version")).isEqualTo(debian);
    assertThat(field("Architecture")).isEqualTo("all");
    assertThat(field("Depends"))
        .contains("adduser")
        .contains("openjdk-17-jre-headless | java17-runtime-headless")
        .contains("postgresql-client (>= 15)");
    assertThat(tree.resolve("usr/share/palisade/palisade-server.jar")).hasSameBinaryContentAs(JAR);
  }

  @Test
  void everyFileIsOwnedByRootWithTheUsualModes() {
    DeployTools.Result contents =
        DeployTools.run(List.of("dpkg-deb", "--contents", deb.toString()));
    assertThat(contents.exitCode()).as(contents.output()).isZero();
    List<String> entries = contents.output().lines().toList();
    assertThat(entries).hasSizeGreaterThan(10);
    for (String entry : entries) {
      String[] f = entry.split("\\s+");
      String mode = f[0];
      String path = f[5];
      assertThat(f[1]).as(path).isEqualTo("root/root");
      String expected =
          path.endsWith("/")
              ? "drwxr-xr-x"
              : path.equals("./usr/share/palisade/palisade-java") ? "-rwxr-xr-x" : "-rw-r--r--";
      assertThat(mode).as(path).isEqualTo(expected);
    }
    assertThat(entries)
        .anyMatch(e -> e.endsWith(" ./etc/palisade/palisade.env"))
        .anyMatch(e -> e.endsWith(" ./etc/palisade/jvm.options"))
        .anyMatch(e -> e.endsWith(" ./usr/share/palisade/palisade-java"));
  }

  @Test
  void keepsTheSettingsFileOnUpgradeAsAConffile() throws Exception {
    assertThat(Files.readString(control.resolve("conffiles")))
        .isEqualTo("/etc/palisade/palisade.env\n/etc/palisade/jvm.options\n");
    assertThat(tree.resolve("etc/palisade/palisade.env")).isRegularFile();
    assertThat(tree.resolve("etc/palisade/jvm.options")).isRegularFile();
  }

  @Test
  void createsTheSystemUserAndProtectsTheSettings() throws Exception {
    String postinst = Files.readString(control.resolve("postinst"));
    assertThat(postinst)
        .contains("adduser --system --group")
        .contains("--home /var/lib/palisade")
        .contains("dpkg-statoverride --update --add root palisade 0640 /etc/palisade/palisade.env")
        .contains("deb-systemd-helper enable 'palisade.service'");
    assertThat(Files.readString(control.resolve("postrm")))
        .contains("dpkg-statoverride --remove /etc/palisade/palisade.env")
        .doesNotContain("rm -rf")
        .doesNotContain("deluser");
    for (String script : List.of("postinst", "prerm", "postrm")) {
      assertThat(Files.isExecutable(control.resolve(script))).as(script).isTrue();
      DeployTools.Result syntax =
          DeployTools.run(List.of("sh", "-n", control.resolve(script).toString()));
      assertThat(syntax.exitCode()).as(script + ": " + syntax.output()).isZero();
    }
  }

  @Test
  void theUnitPassesSystemdAnalyzeVerify() {
    assertThat(verify(tree.resolve("lib/systemd/system/palisade.service")))
        .isEqualTo(new DeployTools.Result(0, ""));
  }

  @Test
  void theUnitIsSandboxed() throws Exception {
    Path unit = tree.resolve("lib/systemd/system/palisade.service");
    assertThat(unitProblems(unit)).isEmpty();
    assertThat(exposure(unit)).isLessThanOrEqualTo(2.0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          restart always      | Restart=on-failure          | Restart=always
          no strict system    | ProtectSystem=strict        | ProtectSystem=full
          privileges          | NoNewPrivileges=yes         | NoNewPrivileges=no
          writes elsewhere    | ReadWritePaths=/var/lib/palisade | ReadWritePaths=/var/lib/palisade /opt
          shared tmp          | PrivateTmp=yes              | PrivateTmp=no
          root                | User=palisade               | User=root
          no settings file    | EnvironmentFile=/etc/palisade/palisade.env | EnvironmentFile=-/etc/default/palisade
          other home          | Environment=PALISADE_HOME=/var/lib/palisade | Environment=PALISADE_HOME=/srv/palisade
          """)
  void aUnitThatLosesARuleIsRefused(String name, String from, String to) throws Exception {
    String unit = Files.readString(tree.resolve("lib/systemd/system/palisade.service"));
    assertThat(unit).contains(from + "\n");
    Path broken = Files.createDirectories(work.resolve("broken-" + name.replace(' ', '-')));
    Path file = broken.resolve("palisade.service");
    Files.writeString(file, unit.replace(from + "\n", to + "\n"));
    assertThat(unitProblems(file)).isNotEmpty();
  }

  @Test
  void systemdAnalyzeCatchesABrokenUnit() throws Exception {
    String unit = Files.readString(tree.resolve("lib/systemd/system/palisade.service"));
    Path dir = Files.createDirectories(work.resolve("broken-verify"));
    Path file = dir.resolve("palisade.service");
    Files.writeString(file, unit.replace("Restart=on-failure", "Restart=sometimes"));
    assertThat(verify(file).output()).contains("Failed to parse service restart specifier");
    Files.writeString(file, unit.replace("ExecStart=/bin/sh", "ExecStart=/bin/shh"));
    assertThat(verify(file).exitCode()).isNotZero();
    String bare =
        Stream.of(unit.split("\n"))
            .filter(
                l ->
                    !l.matches(
                        "(Protect|Private|Restrict|NoNew|Capability|SystemCall|ProcSubset|LockPersonality|UMask|RemoveIPC).*"))
            .reduce("", (a, l) -> a + l + "\n");
    Files.writeString(file, bare);
    assertThat(exposure(file)).isGreaterThan(2.0);
  }

  @Test
  void lintianFindsNothingThatIsNotFixedOrJustified() throws Exception {
    List<String> overrides =
        Files.readAllLines(tree.resolve("usr/share/lintian/overrides/palisade")).stream()
            .filter(l -> l.startsWith("palisade: "))
            .toList();
    assertThat(overrides).hasSize(2);
    DeployTools.Result lintian = lintian(deb);
    assertThat(tags(lintian.output())).isEmpty();
    assertThat(lintian.exitCode()).as(lintian.output()).isZero();
  }

  @Test
  void lintianRefusesAPackageWithoutItsCopyright() throws Exception {
    Path broken = Files.createDirectories(work.resolve("broken-package"));
    assertThat(
            DeployTools.run(
                    List.of("cp", "-a", control.toString(), broken.resolve("DEBIAN").toString()))
                .exitCode())
        .isZero();
    Path doc = Files.createDirectories(broken.resolve("usr/share/doc/palisade"));
    Files.copy(tree.resolve("usr/share/doc/palisade/changelog.gz"), doc.resolve("changelog.gz"));
    Files.delete(broken.resolve("DEBIAN/md5sums"));
    Files.delete(broken.resolve("DEBIAN/conffiles"));
    Path small = work.resolve("palisade_0_all.deb");
    DeployTools.Result built =
        DeployTools.run(
            List.of(
                "dpkg-deb", "--root-owner-group", "--build", broken.toString(), small.toString()));
    assertThat(built.exitCode()).as(built.output()).isZero();
    DeployTools.Result lintian = lintian(small);
    assertThat(tags(lintian.output()))
        .anyMatch(t -> t.startsWith("E: palisade: no-copyright-file"));
    assertThat(lintian.exitCode()).isNotZero();
  }

  private static DeployTools.Result lintian(Path deb) {
    return DeployTools.run(
        List.of(
            "lintian",
            "--info",
            "--pedantic",
            "--fail-on",
            "error,warning,info,pedantic",
            deb.toString()),
        Duration.ofMinutes(40));
  }

  private static List<String> tags(String output) {
    return output.lines().filter(l -> l.matches("[EWIPX]: .*")).toList();
  }

  private static DeployTools.Result verify(Path unit) {
    return DeployTools.run(List.of("systemd-analyze", "verify", unit.toString()));
  }

  private static double exposure(Path unit) {
    DeployTools.Result security =
        DeployTools.run(
            List.of(
                "systemd-analyze", "security", "--offline=true", "--no-pager", unit.toString()));
    Matcher m =
        Pattern.compile("Overall exposure level for palisade\\.service: (\\d+\\.\\d)")
            .matcher(security.output());
    assertThat(m.find()).as(security.output()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  /** What the unit must keep, as systemd reads it: every broken rule, by name. */
  private static List<String> unitProblems(Path unit) throws Exception {
    List<String> lines = Files.readAllLines(unit);
    List<String> problems = new ArrayList<>();
    for (String rule :
        List.of(
            "User=palisade",
            "Group=palisade",
            "Environment=PALISADE_HOME=/var/lib/palisade",
            "EnvironmentFile=/etc/palisade/palisade.env",
            "Restart=on-failure",
            "RestartPreventExitStatus=78",
            "ProtectSystem=strict",
            "ReadWritePaths=/var/lib/palisade",
            "NoNewPrivileges=yes",
            "PrivateTmp=yes",
            "ProtectHome=yes",
            "CapabilityBoundingSet=",
            "SyslogIdentifier=palisade",
            "KillMode=mixed",
            "WantedBy=multi-user.target")) {
      // Environment= may be given several times: the rule is about the PALISADE_HOME one
      String key =
          rule.startsWith("Environment=")
              ? rule.substring(0, rule.lastIndexOf('=') + 1)
              : rule.substring(0, rule.indexOf('=') + 1);
      List<String> set = lines.stream().filter(l -> l.startsWith(key)).toList();
      if (!set.equals(List.of(rule))) {
        problems.add("expected " + rule + ", found " + set);
      }
    }
    return problems;
  }
}
