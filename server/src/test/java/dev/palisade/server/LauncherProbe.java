package dev.palisade.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The program {@link JvmLauncherTest} starts through {@code deploy/palisade-java}: prints the JVM's
 * options one a line, then {@code heap <max bytes>}, then {@code mapped <path>} for every
 * class-data archive the JVM has mapped.
 */
public final class LauncherProbe {
  private LauncherProbe() {}

  public static void main(String[] args) throws IOException {
    StringBuilder out = new StringBuilder();
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      out.append(option).append('\n');
    }
    out.append("heap ").append(Runtime.getRuntime().maxMemory()).append('\n');
    Files.readAllLines(Path.of("/proc/self/maps")).stream()
        .map(l -> l.replaceFirst("^(\\S+\\s+){5}", "").trim())
        .filter(p -> p.endsWith(".jsa"))
        .distinct()
        .forEach(p -> out.append("mapped ").append(p).append('\n'));
    System.out.print(out);
  }
}
