package dev.palisade.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.erdtman.jcs.JsonCanonicalizer;
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

  @Test
  void agreesWithTheReferenceImplementationOnRandomDocuments() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Random random = new Random(8785);
    for (int i = 0; i < 500; i++) {
      Map<String, Object> doc = new HashMap<>();
      doc.put("v", randomValue(random, 0));
      String ours = CanonicalJson.write(doc);
      String reference = new JsonCanonicalizer(json.writeValueAsString(doc)).getEncodedString();
      assertThat(ours).as("document %d", i).isEqualTo(reference);
    }
  }

  private static Object randomValue(Random r, int depth) {
    int kind = depth > 3 ? r.nextInt(4) : r.nextInt(6);
    return switch (kind) {
      case 0 -> r.nextBoolean();
      case 1 -> r.nextLong() % (1L << 53);
      case 2 -> randomText(r);
      case 3 -> null;
      case 4 -> {
        List<Object> list = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
          list.add(randomValue(r, depth + 1));
        }
        yield list;
      }
      default -> {
        Map<String, Object> map = new HashMap<>();
        for (int i = r.nextInt(5); i > 0; i--) {
          map.put(randomText(r), randomValue(r, depth + 1));
        }
        yield map;
      }
    };
  }

  private static String randomText(Random r) {
    String alphabet = "aZ9 \"\\/\n\t\u0001\u007f\u00e9\u20ac\ufb33\ud83d\ude00<>&\u2028";
    StringBuilder b = new StringBuilder();
    for (int i = r.nextInt(8); i > 0; i--) {
      int at = r.nextInt(alphabet.length());
      char c = alphabet.charAt(at);
      if (Character.isHighSurrogate(c) && at + 1 < alphabet.length()) {
        b.append(c).append(alphabet.charAt(at + 1));
      } else if (!Character.isLowSurrogate(c)) {
        b.append(c);
      }
    }
    return b.toString();
  }
}
