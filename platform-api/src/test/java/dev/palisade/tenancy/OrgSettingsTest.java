package dev.palisade.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.errors.PlatformException;
import org.junit.jupiter.api.Test;

class OrgSettingsTest {
  @Test
  void acceptsValidSlugsAtBothLengthLimits() {
    assertThat(OrgSlug.isValid("abc")).isTrue();
    assertThat(OrgSlug.isValid("a".repeat(40))).isTrue();
    assertThat(OrgSlug.isValid("acme-2024")).isTrue();
  }

  @Test
  void rejectsInvalidSlugs() {
    for (String bad :
        new String[] {
          null, "ab", "a".repeat(41), "Acme", "a_b", "-ab", "ab-", "a--b", "ab c", "ab.c"
        }) {
      assertThat(OrgSlug.isValid(bad)).as(String.valueOf(bad)).isFalse();
    }
  }

  @Test
  void defaultsTimezoneAndLocaleAndNormalizesTheLocale() {
    OrgSettings s = new OrgSettings("acme", "  Acme  ", null, "en-gb");
    assertThat(s.timezone()).isEqualTo("UTC");
    assertThat(s.locale()).isEqualTo("en-GB");
    assertThat(s.name()).isEqualTo("Acme");
  }

  @Test
  void namesTheFieldThatIsWrong() {
    assertField(() -> new OrgSettings("ok-slug", "", null, null), "name");
    assertField(() -> new OrgSettings("ok-slug", "n", "Nowhere/City", null), "timezone");
    assertField(() -> new OrgSettings("ok-slug", "n", null, "not a tag"), "locale");
    assertField(() -> new OrgSettings("x", "n", null, null), "slug");
    assertField(() -> new OrgSettings("ok-slug", "a\u0000b", null, null), "name");
  }

  private static void assertField(Runnable r, String field) {
    assertThatThrownBy(r::run)
        .isInstanceOf(PlatformException.class)
        .satisfies(e -> assertThat(((PlatformException) e).field()).contains(field));
  }
}
