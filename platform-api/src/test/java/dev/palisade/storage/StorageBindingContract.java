package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.palisade.crypto.Hashes;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StorageBinding} must do, run by one subclass per backend against a real
 * directory or a real S3 server. Subclasses provide a working binding, one that reaches nothing,
 * and the credentials they planted so the suite can check they never show.
 */
public abstract class StorageBindingContract {
  protected abstract StorageBinding binding();

  /** A binding of the same kind whose backend cannot be reached. */
  protected abstract StorageBinding unreachableBinding();

  protected abstract List<String> plantedSecrets();

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void anObjectReadsBackByteForByte() throws Exception {
    byte[] data = bytes(200_000, 1);
    binding().put("objects/a1", new ByteArrayInputStream(data), data.length);
    try (InputStream in = binding().open("objects/a1")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void aSecondPutReplacesTheObject() throws Exception {
    binding().put("objects/r1", new ByteArrayInputStream(bytes(10, 2)), 10);
    byte[] second = bytes(20, 3);
    binding().put("objects/r1", new ByteArrayInputStream(second), 20);
    try (InputStream in = binding().open("objects/r1")) {
      assertThat(in.readAllBytes()).isEqualTo(second);
    }
  }

  @Test
  void anEmptyObjectIsAnObject() throws Exception {
    binding().put("objects/empty", new ByteArrayInputStream(new byte[0]), 0);
    try (InputStream in = binding().open("objects/empty")) {
      assertThat(in.readAllBytes()).isEmpty();
    }
  }

  @Test
  void aLargeObjectStreamsThroughWithoutBeingHeld() throws Exception {
    long size = 48L * 1024 * 1024;
    MessageDigest sent = Hashes.sha256();
    InputStream generated = new GeneratedBody(size, 4, sent);
    binding().put("objects/large", generated, size);
    MessageDigest back = Hashes.sha256();
    try (InputStream in = binding().open("objects/large");
        OutputStream out =
            new OutputStream() {
              @Override
              public void write(int b) {
                back.update((byte) b);
              }

              @Override
              public void write(byte[] b, int off, int len) {
                back.update(b, off, len);
              }
            }) {
      assertThat(in.transferTo(out)).isEqualTo(size);
    }
    assertThat(back.digest()).isEqualTo(sent.digest());
  }

  @Test
  void listFindsNamesUnderThePrefixOnly() {
    binding().put("list/x/one", new ByteArrayInputStream(new byte[] {1}), 1);
    binding().put("list/x/two", new ByteArrayInputStream(new byte[] {2}), 1);
    binding().put("list/y/three", new ByteArrayInputStream(new byte[] {3}), 1);
    assertThat(binding().list("list/x/")).containsExactly("list/x/one", "list/x/two");
  }

  @Test
  void aDeletedObjectIsGoneAndDeletingAgainIsFine() {
    binding().put("objects/d1", new ByteArrayInputStream(new byte[] {1}), 1);
    binding().delete("objects/d1");
    binding().delete("objects/d1");
    PlatformException e =
        catchThrowableOfType(() -> binding().open("objects/d1"), PlatformException.class);
    assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void aMissingObjectIsNotFound() {
    PlatformException e =
        catchThrowableOfType(() -> binding().open("objects/never"), PlatformException.class);
    assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void aNameThePlatformDoesNotMakeIsRefused() {
    for (String bad : List.of("../etc/passwd", "/abs", "a//b", "a/../b", "Upper", "a/", "")) {
      assertThat(catchThrowableOfType(() -> binding().open(bad), IllegalArgumentException.class))
          .as(bad)
          .isNotNull();
    }
  }

  @Test
  void theRoundTripPassesEveryStep() {
    Validation v = Probe.run(binding(), Clock.systemUTC());
    assertThat(v.result()).as(v.toString()).isEqualTo("passed");
    assertThat(v.steps())
        .extracting(Validation.Step::name)
        .containsExactly("write", "read", "list", "delete");
    assertThat(binding().list(Probe.PREFIX)).isEmpty();
  }

  @Test
  void anUnreachableBackendFailsTheRoundTripAsUnavailableWithASanitizedReason() {
    StorageBinding down = unreachableBinding();
    PlatformException e =
        catchThrowableOfType(
            () -> down.put("objects/x", new ByteArrayInputStream(new byte[1]), 1),
            PlatformException.class);
    assertThat(e.errorCode()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
    Validation v = Probe.run(down, Clock.systemUTC());
    assertThat(v.result()).isEqualTo("failed");
    assertThat(v.steps().get(0).outcome()).isEqualTo("failed");
    assertThat(v.steps().get(1).outcome()).isEqualTo("skipped");
    for (String secret : plantedSecrets()) {
      assertThat(v.toString()).doesNotContain(secret);
      assertThat(e.getMessage()).doesNotContain(secret);
    }
  }
}
