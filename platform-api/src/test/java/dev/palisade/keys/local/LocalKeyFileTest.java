package dev.palisade.keys.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.install.HomeConfig;
import dev.palisade.install.InstallHome;
import dev.palisade.keys.WrappedKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the local provider creates, reads and guards its key file. */
class LocalKeyFileTest {
  private static final byte[] CONTEXT = "org:1/keyring:1".getBytes(UTF_8);
  private static final byte[] KEY = new byte[32];

  @TempDir Path home;
  private InstallHome installHome;
  private Path keyFile;

  @BeforeEach
  void setUp() {
    installHome = new InstallHome(new HomeConfig(home.toString()));
    keyFile = home.resolve("keys/install-kek.key");
  }

  private LocalKeyProvider provider() {
    return LocalKeyProvider.create(LocalKeysConfig.defaults(), installHome);
  }

  @Test
  void createsNothingUntilFirstUse() {
    provider();
    assertThat(keyFile).doesNotExist();
  }

  @Test
  void createsAnOwnerOnlyKeyFileWithOne256BitKeyAtFirstUse() throws Exception {
    provider().wrap(KEY, CONTEXT);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.getParent())))
        .isEqualTo("rwx------");
    List<String> lines = Files.readAllLines(keyFile);
    assertThat(lines).hasSize(1);
    assertThat(Base64.getDecoder().decode(lines.get(0))).hasSize(32);
  }

  @Test
  void kekVersionIsTheFingerprintOfTheKek() throws Exception {
    WrappedKey wrapped = provider().wrap(KEY, CONTEXT);
    byte[] kek = Base64.getDecoder().decode(Files.readAllLines(keyFile).get(0));
    String expected =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(kek), 0, 4);
    assertThat(wrapped.kekVersion()).isEqualTo(expected).hasSize(8);
  }

  @Test
  void keysWrappedBeforeARestartUnwrapAfterIt() {
    WrappedKey wrapped = provider().wrap(KEY, CONTEXT);
    assertThat(provider().unwrap(wrapped, CONTEXT)).isEqualTo(KEY);
  }

  @Test
  void honoursAnAbsoluteKeyFileOutsideTheHome(@TempDir Path elsewhere) {
    Path file = elsewhere.resolve("kek.key");
    LocalKeyProvider p = LocalKeyProvider.create(new LocalKeysConfig(file.toString()), installHome);
    p.wrap(KEY, CONTEXT);
    assertThat(file).exists();
    assertThat(keyFile).doesNotExist();
  }

  @Test
  void replacedKeyFileFailsClosedNamingTheMissingKek() throws Exception {
    WrappedKey wrapped = provider().wrap(KEY, CONTEXT);
    Files.delete(keyFile);
    PlatformException e = failure(() -> provider().unwrap(wrapped, CONTEXT));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_FAILED);
    assertThat(e.getMessage())
        .contains(keyFile.toString())
        .contains("does not hold KEK " + wrapped.kekVersion())
        .contains("backup");
  }

  @Test
  void corruptKeyFileFailsClosed() throws Exception {
    Files.createDirectories(keyFile.getParent());
    Files.writeString(keyFile, "this is not a key\n");
    PlatformException e = failure(() -> provider().wrap(KEY, CONTEXT));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_FAILED);
    assertThat(e.getMessage()).contains(keyFile.toString()).contains("corrupt");
  }

  @Test
  void shortKeyInTheFileFailsClosed() throws Exception {
    Files.createDirectories(keyFile.getParent());
    Files.writeString(keyFile, Base64.getEncoder().encodeToString(new byte[16]) + "\n");
    PlatformException e = failure(() -> provider().wrap(KEY, CONTEXT));
    assertThat(e.getMessage()).contains("line 1 is not a 256-bit key");
  }

  @Test
  void emptyKeyFileFailsClosedInsteadOfMakingANewKey() throws Exception {
    Files.createDirectories(keyFile.getParent());
    Files.writeString(keyFile, "\n");
    PlatformException e = failure(() -> provider().wrap(KEY, CONTEXT));
    assertThat(e.getMessage()).contains("holds no key");
    assertThat(Files.readString(keyFile)).isEqualTo("\n");
  }

  @Test
  void unreadableKeyFileIsUnavailable() throws Exception {
    Files.createDirectories(keyFile);
    PlatformException e = failure(() -> provider().wrap(KEY, CONTEXT));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.DEPENDENCY_UNAVAILABLE);
    assertThat(e.getMessage()).contains("cannot read the local key file");
  }

  @Test
  void rotationAppendsANewCurrentKekAndKeepsTheOldOne() throws Exception {
    LocalKeyProvider p = provider();
    WrappedKey before = p.wrap(KEY, CONTEXT);
    String version = p.rotate();
    assertThat(version).isNotEqualTo(before.kekVersion());
    assertThat(Files.readAllLines(keyFile)).hasSize(2);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    assertThat(provider().unwrap(before, CONTEXT)).isEqualTo(KEY);
    assertThat(provider().wrap(KEY, CONTEXT).kekVersion()).isEqualTo(version);
  }

  private static PlatformException failure(Runnable op) {
    PlatformException e = catchThrowableOfType(PlatformException.class, op::run);
    assertThat(e).isNotNull();
    return e;
  }
}
