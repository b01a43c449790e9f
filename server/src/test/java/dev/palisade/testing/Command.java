package dev.palisade.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command run to its end with extra environment variables, its output collected. */
public final class Command {
  private Command() {}

  /** Runs {@code command} with {@code env} on top of this process's environment. */
  public static ServerProcess.Ended run(
      List<String> command, Map<String, String> env, Duration timeout) throws Exception {
    Path dir = Files.createTempDirectory("palisade-command");
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
      throw new AssertionError(
          command.get(0)
              + " did not end within "
              + timeout
              + ":\n"
              + Files.readString(out)
              + Files.readString(err));
    }
    return new ServerProcess.Ended(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
