package dev.palisade.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Command;
import dev.palisade.testing.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The executable code blocks of an operator page. The convention: a fenced block whose info string
 * is {@code sh {#name}} (a language, then an id in braces, as Pandoc writes attributes) is a block
 * a test runs; every other block is only shown. A test runs one or more blocks, in the order given,
 * as one script with {@code bash -euo pipefail}, with the variables the page documents in its
 * environment; the blocks are taken from the page as it is, never copied into the test.
 */
final class Runbook {
  private static final Pattern BLOCK =
      Pattern.compile(
          "^```sh \\{#([a-z0-9-]+)}\\n(.*?)^```\\s*$", Pattern.MULTILINE | Pattern.DOTALL);

  private final Path page;
  private final Map<String, String> blocks;

  private Runbook(Path page, Map<String, String> blocks) {
    this.page = page;
    this.blocks = blocks;
  }

  static Runbook read(Path page) throws IOException {
    Matcher m = BLOCK.matcher(Files.readString(page, StandardCharsets.UTF_8));
    Map<String, String> blocks = new LinkedHashMap<>();
    while (m.find()) {
      assertThat(blocks.put(m.group(1), m.group(2))).as("block " + m.group(1) + " twice").isNull();
    }
    return new Runbook(page, blocks);
  }

  /** The ids of the page's executable blocks, in page order. */
  List<String> ids() {
    return List.copyOf(blocks.keySet());
  }

  /** Runs the blocks {@code ids} as one bash script with {@code env}. */
  ServerProcess.Ended run(Map<String, String> env, String... ids) throws Exception {
    StringBuilder script = new StringBuilder();
    for (String id : ids) {
      assertThat(blocks).as(page + " has no block {#" + id + "}").containsKey(id);
      script.append(blocks.get(id)).append('\n');
    }
    return Command.run(
        List.of("bash", "-euo", "pipefail", "-c", script.toString()), env, Duration.ofMinutes(5));
  }
}
