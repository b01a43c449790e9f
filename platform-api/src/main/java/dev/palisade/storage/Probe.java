package dev.palisade.storage;

import dev.palisade.crypto.Hashes;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.telemetry.Sanitizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The round trip that validates a binding: write a probe object, read it back and compare its
 * SHA-256, list the probe prefix and find it, delete it and see it gone. A step that fails skips
 * the ones after it (the probe object is still removed when it was written).
 */
public final class Probe {
  /** Where probe objects go; never a prefix of file objects. */
  public static final String PREFIX = "probe/";

  private static final int SIZE = 4096;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Probe() {}

  private interface Step {
    String run() throws Exception;
  }

  public static Validation run(StorageBinding binding, Clock clock) {
    String name = PREFIX + UUID.randomUUID();
    byte[] data = new byte[SIZE];
    RANDOM.nextBytes(data);
    byte[] digest = Hashes.sha256(data);
    List<Validation.Step> steps = new ArrayList<>();
    boolean ok =
        step(
                steps,
                "write",
                () -> {
                  binding.put(name, new ByteArrayInputStream(data), data.length);
                  return null;
                })
            && step(
                steps,
                "read",
                () -> {
                  try (InputStream in = binding.open(name)) {
                    byte[] back = in.readAllBytes();
                    return Arrays.equals(Hashes.sha256(back), digest)
                        ? null
                        : "the object read back has another SHA-256";
                  }
                })
            && step(
                steps,
                "list",
                () -> binding.list(PREFIX).contains(name) ? null : "the probe object is not listed")
            && step(
                steps,
                "delete",
                () -> {
                  binding.delete(name);
                  return gone(binding, name)
                      ? null
                      : "the probe object is still there after delete";
                });
    if (!ok) {
      if (steps.size() > 1) {
        try {
          binding.delete(name);
        } catch (RuntimeException e) {
          // the probe prefix holds only probe objects
        }
      }
      for (String n : List.of("write", "read", "list", "delete")) {
        if (steps.stream().noneMatch(s -> s.name().equals(n))) {
          steps.add(new Validation.Step(n, "skipped", 0, null));
        }
      }
    }
    return new Validation(ok ? Validation.PASSED : Validation.FAILED, steps, clock.instant());
  }

  private static boolean gone(StorageBinding binding, String name) throws IOException {
    if (binding.list(PREFIX).contains(name)) {
      return false;
    }
    try (InputStream in = binding.open(name)) {
      return false;
    } catch (PlatformException e) {
      if (e.errorCode() == ErrorCode.NOT_FOUND) {
        return true;
      }
      throw e;
    }
  }

  private static boolean step(List<Validation.Step> steps, String name, Step step) {
    long start = System.nanoTime();
    String failure;
    try {
      failure = step.run();
    } catch (Exception e) {
      failure = Sanitizer.reason(e);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    steps.add(
        new Validation.Step(
            name, failure == null ? Validation.PASSED : Validation.FAILED, millis, failure));
    return failure == null;
  }
}
