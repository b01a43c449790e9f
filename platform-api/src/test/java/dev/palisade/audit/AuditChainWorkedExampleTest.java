package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.crypto.CanonicalJson;
import dev.palisade.crypto.Hashes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The worked example in docs/audit-chain.md is what the code computes, byte for byte. */
class AuditChainWorkedExampleTest {
  private static final byte[] UNHASHED = new byte[32];
  private static final String CHAIN = "org:6f1c2a7e-3b4d-4c5e-8f90-1a2b3c4d5e6f";
  private static final HexFormat HEX = HexFormat.of();

  private static String doc() throws Exception {
    return Files.readString(Path.of("..", "docs", "audit-chain.md"));
  }

  private static String value(String doc, String name) {
    Matcher m = Pattern.compile(Pattern.quote(name) + "\\s+=\\s+([0-9a-f]{64})").matcher(doc);
    assertThat(m.find()).as(name + " in the document").isTrue();
    return m.group(1);
  }

  /** The hex blocks of the document, in order, with spaces and line breaks removed. */
  private static String encodingBlock(String doc, int index) {
    Matcher m = Pattern.compile("```\\n(70616c69[0-9a-f \\n]+?)```").matcher(doc);
    for (int i = 0; i <= index; i++) {
      assertThat(m.find()).isTrue();
    }
    return m.group(1).replaceAll("[ \\n]", "");
  }

  @Test
  void entryOneMatchesTheDocumentStepByStep() throws Exception {
    String doc = doc();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("role", "auditor");
    meta.put("expiresAt", "2026-11-29T09:30:00Z");
    String publicJson = CanonicalJson.write(meta);
    assertThat(publicJson)
        .isEqualTo("{\"expiresAt\":\"2026-11-29T09:30:00Z\",\"role\":\"auditor\"}");
    byte[] encoding =
        ChainEncoding.encode(
            new AuditEntry(
                CHAIN,
                1,
                UUID.fromString("0b9e8d7c-6a5b-4c3d-9e2f-1a0b9c8d7e6f"),
                Instant.parse("2026-11-22T09:30:00.123456Z"),
                "user",
                "member:2d3c4b5a-6978-4a1b-9c0d-ef1234567890",
                "member.invited",
                "invitation",
                "5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716",
                null,
                publicJson,
                HEX.parseHex("00112233445566778899aabbc0ffee"),
                1,
                UNHASHED,
                UNHASHED));
    assertThat(HEX.formatHex(encoding)).isEqualTo(encodingBlock(doc, 0));
    byte[] content = Hashes.sha256(encoding);
    assertThat(HEX.formatHex(content)).isEqualTo(value(doc, "content_hash_1"));
    byte[] chain = ChainEncoding.chainHash(ChainEncoding.GENESIS, content);
    assertThat(HEX.formatHex(chain)).isEqualTo(value(doc, "chain_hash_1"));
  }

  @Test
  void entryTwoChainsOntoEntryOne() throws Exception {
    String doc = doc();
    byte[] encoding =
        ChainEncoding.encode(
            new AuditEntry(
                CHAIN,
                2,
                UUID.fromString("7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2918"),
                Instant.parse("2026-11-22T09:31:05Z"),
                "system",
                "system:jobs",
                "audit.verified",
                null,
                null,
                "scheduled check",
                null,
                null,
                null,
                UNHASHED,
                UNHASHED));
    assertThat(HEX.formatHex(encoding)).isEqualTo(encodingBlock(doc, 1));
    byte[] content = Hashes.sha256(encoding);
    assertThat(HEX.formatHex(content)).isEqualTo(value(doc, "content_hash_2"));
    byte[] chain = ChainEncoding.chainHash(HEX.parseHex(value(doc, "chain_hash_1")), content);
    assertThat(HEX.formatHex(chain)).isEqualTo(value(doc, "chain_hash_2"));
  }
}
