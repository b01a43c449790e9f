package dev.palisade.keys.local;

import dev.palisade.install.HomeConfig;
import dev.palisade.install.InstallHome;
import dev.palisade.keys.KeyProvider;
import dev.palisade.keys.KeyProviderContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The key provider contract on a key file in a temporary PALISADE_HOME. */
class LocalKeyProviderTest extends KeyProviderContract {
  @TempDir Path home;
  private InstallHome installHome;
  private LocalKeyProvider provider;

  @BeforeEach
  void createProvider() {
    installHome = new InstallHome(new HomeConfig(home.toString()));
    provider = LocalKeyProvider.create(LocalKeysConfig.defaults(), installHome);
  }

  @Override
  protected KeyProvider provider() {
    return provider;
  }

  @Override
  protected KeyProvider unreachableProvider() {
    try {
      Files.writeString(home.resolve("not-a-directory"), "x");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return LocalKeyProvider.create(new LocalKeysConfig("not-a-directory/kek.key"), installHome);
  }

  @Override
  protected Optional<KeyProvider> rotateKek() {
    provider.rotate();
    return Optional.of(LocalKeyProvider.create(LocalKeysConfig.defaults(), installHome));
  }

  @Override
  protected List<String> plantedSecrets() throws IOException {
    List<String> secrets = new ArrayList<>();
    for (String line : Files.readAllLines(home.resolve(LocalKeysConfig.DEFAULT_KEY_FILE))) {
      secrets.add(line.trim());
      secrets.add(HexFormat.of().formatHex(Base64.getDecoder().decode(line.trim())));
    }
    return secrets;
  }
}
