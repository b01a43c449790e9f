package dev.palisade.backup;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.telemetry.Sanitizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs PostgreSQL's client tools. The password never appears on a command line or in a log: each
 * run gets a password file of its own ({@code PGPASSFILE}, mode 0600, deleted when the run ends)
 * and {@code --no-password}, so a tool that would need to ask fails instead. What a tool writes to
 * standard error is kept (sanitized, the last lines) for the failure message.
 */
final class PgTools {
  private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(\\.\\d+)?");
  private static final int KEPT_OUTPUT = 4_000;

  private PgTools() {}

  /** A tool's version as it reports it, such as {@code 15.20}. */
  record Version(int major, String text) {
    static Version parse(String output) {
      Matcher m = VERSION.matcher(output);
      if (!m.find()) {
        return null;
      }
      return new Version(
          Integer.parseInt(m.group(1)), m.group(1) + (m.group(2) == null ? "" : m.group(2)));
    }
  }

  /** The version {@code binary --version} reports; a 500 naming the binary when it cannot run. */
  static Version version(String binary) {
    Result r;
    try {
      r = run(List.of(binary, "--version"), null, () -> false);
    } catch (PlatformException e) {
      throw new PlatformException(ErrorCode.INTERNAL, binary + " cannot be run: " + e.getMessage());
    }
    Version v = Version.parse(r.output());
    if (r.exit() != 0 || v == null) {
      throw new PlatformException(
          ErrorCode.INTERNAL,
          binary + " --version did not report a PostgreSQL version: " + r.tail(200));
    }
    return v;
  }

  /** What a finished tool returned and wrote. */
  record Result(int exit, String output) {
    String tail(int max) {
      String t = output.strip();
      return t.length() <= max ? t : "…" + t.substring(t.length() - max);
    }
  }

  /**
   * Runs {@code command} against {@code target} (null: no server), stopping it when {@code
   * cancelled} says so. Standard output and error are read together.
   */
  static Result run(List<String> command, PgTarget target, BooleanSupplier cancelled) {
    Path passDir = null;
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().remove("PGPASSWORD");
      pb.environment().remove("PGPASSFILE");
      pb.environment().put("PGAPPNAME", "palisade-backup");
      pb.environment().put("PGCONNECT_TIMEOUT", "10");
      if (target != null) {
        pb.environment().putAll(target.env());
        if (target.password() != null) {
          passDir =
              Files.createTempDirectory(
                  "palisade-pg",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rwx------")));
          Path passFile =
              Files.createFile(
                  passDir.resolve("pgpass"),
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")));
          Files.writeString(passFile, target.passfileLine(), StandardCharsets.UTF_8);
          pb.environment().put("PGPASSFILE", passFile.toString());
        }
      }
      Process p = pb.start();
      p.getOutputStream().close();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Thread reader =
          new Thread(
              () -> {
                try (InputStream in = p.getInputStream()) {
                  byte[] buf = new byte[8192];
                  int n;
                  while ((n = in.read(buf)) > 0) {
                    synchronized (out) {
                      out.write(buf, 0, n);
                      if (out.size() > 64 * KEPT_OUTPUT) {
                        byte[] all = out.toByteArray();
                        out.reset();
                        out.write(all, all.length - KEPT_OUTPUT, KEPT_OUTPUT);
                      }
                    }
                  }
                } catch (IOException e) {
                  // the process ended
                }
              },
              "palisade-pg-output");
      reader.setDaemon(true);
      reader.start();
      while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
          stop(p);
          throw new java.util.concurrent.CancellationException(
              Path.of(command.get(0)).getFileName() + " was stopped");
        }
      }
      reader.join(5_000);
      String text;
      synchronized (out) {
        text = out.toString(StandardCharsets.UTF_8);
      }
      return new Result(p.exitValue(), Sanitizer.clean(text));
    } catch (IOException e) {
      throw new PlatformException(ErrorCode.INTERNAL, e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.util.concurrent.CancellationException("interrupted");
    } finally {
      if (passDir != null) {
        try {
          Files.deleteIfExists(passDir.resolve("pgpass"));
          Files.deleteIfExists(passDir);
        } catch (IOException e) {
          // a temporary file of the current user; nothing else to do
        }
      }
    }
  }

  private static void stop(Process p) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  /** The connection arguments for {@code target} and {@code database}. */
  static List<String> connection(PgTarget target, String database) {
    List<String> args = new ArrayList<>();
    args.add("--host=" + target.host());
    args.add("--port=" + target.port());
    args.add("--username=" + target.user());
    args.add("--no-password");
    args.add("--dbname=" + database);
    return args;
  }
}
