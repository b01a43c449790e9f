package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.errors.PlatformException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditEventMetadataLimitTest {
  private static AuditEvent.Builder event() {
    return AuditEvent.by("user", "member:x");
  }

  @Test
  void refusesMetadataAboveTheTotalLimitPublicAndSealedTogether() {
    String half = "x".repeat(AuditText.METADATA_MAX / 2);
    assertThatThrownBy(
            () ->
                event()
                    .publicMetadata(Map.of("a", half))
                    .sealed(Map.of("b", List.of(half)))
                    .action("test.done"))
        .isInstanceOf(PlatformException.class)
        .hasMessageContaining("metadata");
  }

  @Test
  void acceptsMetadataUpToTheLimit() {
    String value = "x".repeat(AuditText.METADATA_MAX - 1);
    assertThat(event().sealed(Map.of("k", value)).action("test.done").sealedMetadata()).isNotNull();
  }
}
