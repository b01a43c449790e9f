package dev.palisade.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The backup alert rules in docs/alerts/backup.rules.yml are valid and fire when they should. */
class BackupAlertRulesTest {
  private static final Path ALERTS = Path.of("..", "docs", "alerts").toAbsolutePath().normalize();

  private static String promtool(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "promtool";
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p =
        new ProcessBuilder(cmd).directory(ALERTS.toFile()).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(out);
    }
    return p.waitFor() + ":" + out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void rulesPassPromtoolCheck() throws Exception {
    long rules =
        Files.readAllLines(ALERTS.resolve("backup.rules.yml")).stream()
            .filter(l -> l.strip().startsWith("- alert:"))
            .count();
    assertThat(rules).isEqualTo(4);
    assertThat(promtool("check", "rules", "backup.rules.yml"))
        .startsWith("0:")
        .contains(rules + " rules found");
  }

  @Test
  void rulesPassTheirUnitTests() throws Exception {
    assertThat(promtool("test", "rules", "backup.rules.test.yml"))
        .startsWith("0:")
        .contains("SUCCESS");
  }
}
