package dev.palisade.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.backup.Restore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code restore} command's arguments, and the usage exit code for wrong ones. */
class RestoreCommandArgumentsTest {
  @Test
  void readsEveryOption() {
    Restore.Request r =
        RestoreCommand.parse(
            new String[] {
              "--backup",
              "/b/1",
              "--database",
              "palisade_org_acme",
              "--replace",
              "--public-key",
              "/k.pem"
            });
    assertThat(r.backup()).isEqualTo("/b/1");
    assertThat(r.database()).isEqualTo("palisade_org_acme");
    assertThat(r.replace()).isTrue();
    assertThat(r.publicKey()).isEqualTo(Path.of("/k.pem"));
    Restore.Request minimal = RestoreCommand.parse(new String[] {"--backup", "s3://b/p/x"});
    assertThat(minimal.database()).isNull();
    assertThat(minimal.replace()).isFalse();
    assertThat(minimal.publicKey()).isNull();
  }

  @Test
  void refusesWhatItDoesNotKnow() {
    assertThatThrownBy(() -> RestoreCommand.parse(new String[] {}))
        .hasMessage("--backup is required");
    assertThatThrownBy(() -> RestoreCommand.parse(new String[] {"--backup"}))
        .hasMessage("--backup needs a value");
    assertThatThrownBy(() -> RestoreCommand.parse(new String[] {"--backup", "--replace"}))
        .hasMessage("--backup needs a value");
    assertThatThrownBy(() -> RestoreCommand.parse(new String[] {"--backup", "x", "--force"}))
        .hasMessage("unknown argument --force");
  }

  @Test
  void aWrongArgumentEndsWithTheUsageExitCodeAndOneLine() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        RestoreCommand.run(
            new String[] {"--backup", "x", "--force"},
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(64);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("palisade restore: unknown argument --force\n")
        .contains(RestoreCommand.USAGE);
  }
}
