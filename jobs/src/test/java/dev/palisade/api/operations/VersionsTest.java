package dev.palisade.api.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionsTest {
  @Test
  void tellsANewerReleaseFromTheRunningOne() {
    assertThat(Versions.newer("1.4.0", "1.3.9")).isTrue();
    assertThat(Versions.newer("1.10.0", "1.9.2")).isTrue();
    assertThat(Versions.newer("2.0", "1.99.99")).isTrue();
    assertThat(Versions.newer("1.3.9", "1.4.0")).isFalse();
    assertThat(Versions.newer("1.4.0", "1.4.0")).isFalse();
  }

  @Test
  void ranksAPreReleaseBelowItsRelease() {
    assertThat(Versions.newer("0.1.0", "0.1.0-SNAPSHOT")).isTrue();
    assertThat(Versions.newer("0.1.0-rc1", "0.1.0")).isFalse();
  }

  @Test
  void saysNothingWhenAVersionIsUnknownOrNotAVersion() {
    assertThat(Versions.newer(null, "1.0.0")).isNull();
    assertThat(Versions.newer("1.0.0", "unknown")).isNull();
    assertThat(Versions.newer("latest", "1.0.0")).isNull();
  }
}
