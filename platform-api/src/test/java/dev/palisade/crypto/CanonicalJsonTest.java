package dev.palisade.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  @Test
  void sortsMembersByUtf16CodeUnitsRecursively() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", 1);
    m.put("a", Map.of("z", true, "y", List.of(3, "x")));
    m.put("\u20ac", "euro");
    m.put("\ud83d\ude00", "emoji");
    m.put("\ufb33", "hebrew");
    // RFC 8785 3.2.3: U+20AC < U+D83D (surrogate of the emoji) < U+FB33
    assertThat(CanonicalJson.write(m))
        .isEqualTo(
            "{\"a\":{\"y\":[3,\"x\"],\"z\":true},\"b\":1,\"\u20ac\":\"euro\","
                + "\"\ud83d\ude00\":\"emoji\",\"\ufb33\":\"hebrew\"}");
  }

  @Test
  void escapesOnlyWhatJsonRequires() {
    assertThat(CanonicalJson.write("a\"b\\c\n\u0001/é\u2028"))
        .isEqualTo("\"a\\\"b\\\\c\\n\\u0001/é\u2028\"");
  }

  @Test
  void refusesValuesWithoutAnUnambiguousCanonicalForm() {
    assertThatThrownBy(() -> CanonicalJson.write(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CanonicalJson.write(1L << 54))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(CanonicalJson.write((1L << 53) - 1)).isEqualTo("9007199254740991");
  }
}
