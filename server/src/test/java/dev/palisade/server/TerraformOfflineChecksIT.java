package dev.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The offline checks of {@code infra-terraform/} (no Terraform binary can run here): the node tests
 * of {@code infra-terraform/test} parse every {@code .tf} with hcl2json, compare it with hclfmt's
 * formatting and check the parsed form (scoped IAM, typed and described variables, closed and
 * encrypted buckets, log retention, schedules from the job registry file), and show that a broken
 * fixture fails each check. {@code bin/test-peers} installs the packages and builds hclfmt.
 */
class TerraformOfflineChecksIT {
  private static final Path ROOT = locate();
  private static final Pattern COUNT =
      Pattern.compile("^# (tests|pass|fail) (\\d+)$", Pattern.MULTILINE);

  private static Path locate() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("infra-terraform/test"))) {
        return p;
      }
    }
    throw new IllegalStateException("infra-terraform/test not found above " + here);
  }

  @Test
  void terraformPassesEveryOfflineCheckAndTheBrokenFixtureFailsThem() throws Exception {
    Path dir = ROOT.resolve("infra-terraform/test");
    Path hclfmt = ROOT.resolve("target/tools/hclfmt");
    assertThat(dir.resolve("node_modules/@cdktf/hcl2json"))
        .as("@cdktf/hcl2json is not installed: run bin/test-peers")
        .isDirectory();
    assertThat(hclfmt).as("hclfmt is not built: run bin/test-peers").isExecutable();
    ProcessBuilder pb =
        new ProcessBuilder(List.of("node", "--test", "--test-reporter=tap", "terraform.test.mjs"))
            .directory(dir.toFile())
            .redirectErrorStream(true);
    pb.environment().put("HCLFMT", hclfmt.toString());
    Process p = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("node --test finished").isTrue();
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(report).isZero();
    assertThat(count(report, "fail")).as(report).isZero();
    assertThat(count(report, "pass"))
        .as(report)
        .isEqualTo(count(report, "tests"))
        .isGreaterThanOrEqualTo(18);
    assertThat(report)
        .contains("ok 1 - the Terraform of modules/ and examples/")
        .contains("ok 2 - the deliberately broken fixture")
        .contains("fails the schedule check on hand-written schedules and a drifted registry file");
  }

  private static int count(String report, String what) {
    Matcher m = COUNT.matcher(report);
    while (m.find()) {
      if (m.group(1).equals(what)) {
        return Integer.parseInt(m.group(2));
      }
    }
    throw new AssertionError("no '# " + what + "' line in:\n" + report);
  }
}
