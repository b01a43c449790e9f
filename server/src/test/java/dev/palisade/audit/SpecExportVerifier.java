package dev.palisade.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An offline verifier of NDJSON exports written from {@code docs/audit-chain.md} alone, as a third
 * party would write it: JDK and a JSON parser, none of the platform's code. {@link #verify} answers
 * "intact: …" or the first problem found.
 */
final class SpecExportVerifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern BASE64 =
      Pattern.compile("([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");
  private static final Pattern TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
  private static final String[] TEXTS = {
    "chainId", "id", "occurredAt", "actorType", "actorId", "action", "contentHash", "chainHash"
  };
  private static final String[] OPTIONAL_TEXTS = {
    "subjectType", "subjectId", "reason", "publicMetadata", "sealedMetadata", "previousChainHash"
  };
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private SpecExportVerifier() {}

  /** Verifies {@code ndjson} (the whole body of an export) with the published raw public key. */
  static String verify(String ndjson, byte[] publicKey) throws Exception {
    if (!ndjson.endsWith("\n")) {
      return "the export does not end with a line break";
    }
    String[] lines = ndjson.substring(0, ndjson.length() - 1).split("\n", -1);
    List<JsonNode> entries = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String problem = lineProblem(lines[i]);
      if (problem != null) {
        return "line " + (i + 1) + ": " + problem;
      }
      JsonNode node = JSON.readTree(lines[i]);
      if (i < lines.length - 1) {
        String typeProblem = typeProblem(node);
        if (typeProblem != null) {
          return "line " + (i + 1) + ": " + typeProblem;
        }
        entries.add(node);
      } else if (!node.has("exportCheckpoint") || node.size() != 1) {
        return "the export does not end with its export checkpoint";
      }
    }
    return check(
        entries, JSON.readTree(lines[lines.length - 1]).get("exportCheckpoint"), publicKey);
  }

  /** One JSON object, alone on its line: nothing before or after it. */
  private static String lineProblem(String line) throws IOException {
    if (line.isEmpty() || line.charAt(0) != '{' || line.charAt(line.length() - 1) != '}') {
      return "is not one JSON object with nothing around it";
    }
    try (JsonParser p = JSON.getFactory().createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return "is not a JSON object";
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        return "holds more than one JSON value";
      }
    }
    return null;
  }

  private static String typeProblem(JsonNode e) {
    for (String f : TEXTS) {
      if (!e.path(f).isTextual()) {
        return f + " is not a string";
      }
    }
    for (String f : OPTIONAL_TEXTS) {
      if (!e.has(f) || !(e.get(f).isTextual() || e.get(f).isNull())) {
        return f + " is not a string or null";
      }
    }
    if (!e.path("sequence").isIntegralNumber() || e.get("sequence").asLong() < 1) {
      return "sequence is not an integer of at least 1";
    }
    JsonNode version = e.get("sealedKeyVersion");
    if (version == null || !(version.isIntegralNumber() || version.isNull())) {
      return "sealedKeyVersion is not an integer or null";
    }
    if (version.isNull() != e.get("sealedMetadata").isNull()) {
      return "sealedKeyVersion must be null exactly when sealedMetadata is null";
    }
    if (!e.get("sealedMetadata").isNull()
        && !BASE64.matcher(e.get("sealedMetadata").asText()).matches()) {
      return "sealedMetadata is not padded standard base64";
    }
    if (!TIME.matcher(e.get("occurredAt").asText()).matches()) {
      return "occurredAt is not in the encoding's format";
    }
    for (String f : new String[] {"contentHash", "chainHash", "previousChainHash"}) {
      if (!e.get(f).isNull() && !HEX64.matcher(e.get(f).asText()).matches()) {
        return f + " is not 64 lowercase hex digits";
      }
    }
    return null;
  }

  private static String check(List<JsonNode> entries, JsonNode cp, byte[] publicKey)
      throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    JsonNode previous = null;
    JsonNode highest = null;
    for (JsonNode e : entries) {
      long seq = e.get("sequence").asLong();
      byte[] content = sha256(encode(e));
      if (!hex(content).equals(e.get("contentHash").asText())) {
        return "entry " + seq + ": content hash mismatch";
      }
      if (e.get("previousChainHash").isNull()) {
        return "entry " + seq + ": the entry before it is missing";
      }
      if (previous != null
          && previous.get("sequence").asLong() == seq - 1
          && !previous.get("chainHash").asText().equals(e.get("previousChainHash").asText())) {
        return "broken between entries " + (seq - 1) + " and " + seq;
      }
      byte[] link = concat(unhex(e.get("previousChainHash").asText()), content);
      if (!hex(sha256(link)).equals(e.get("chainHash").asText())) {
        return "entry " + seq + ": chain hash mismatch";
      }
      digest.update(unhex(e.get("chainHash").asText()));
      if (highest == null || seq > highest.get("sequence").asLong()) {
        highest = e;
      }
      previous = e;
    }
    long sequence = highest == null ? 0 : highest.get("sequence").asLong();
    String chainHash = highest == null ? hex(new byte[32]) : highest.get("chainHash").asText();
    if (cp.get("entries").asLong() != entries.size()) {
      return "the export checkpoint counts "
          + cp.get("entries")
          + " entries, the export holds "
          + entries.size();
    }
    if (cp.get("sequence").asLong() != sequence
        || !cp.get("chainHash").asText().equals(chainHash)) {
      return "the export ends at entry "
          + sequence
          + " but its checkpoint covers entry "
          + cp.get("sequence");
    }
    if (!cp.get("digest").asText().equals(hex(digest.digest()))) {
      return "the export's entries do not match its checkpoint digest";
    }
    String message =
        "palisade-export-v1\n"
            + cp.get("chainId").asText()
            + "\n"
            + cp.get("sequence").asLong()
            + "\n"
            + cp.get("chainHash").asText()
            + "\n"
            + cp.get("entries").asLong()
            + "\n"
            + cp.get("digest").asText()
            + "\n"
            + cp.get("signedAt").asText();
    PublicKey key =
        KeyFactory.getInstance("Ed25519")
            .generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, publicKey)));
    Signature s = Signature.getInstance("Ed25519");
    s.initVerify(key);
    s.update(message.getBytes(StandardCharsets.UTF_8));
    if (!s.verify(Base64.getDecoder().decode(cp.get("signature").asText()))) {
      return "the export checkpoint's signature is not valid";
    }
    return "intact: " + entries.size() + " entries up to " + sequence;
  }

  /** The canonical encoding, version 1, of an exported entry. */
  static byte[] encode(JsonNode e) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("palisade-audit-entry-v1".getBytes(StandardCharsets.US_ASCII));
    String[] names = {
      "chainId",
      "sequence",
      "id",
      "occurredAt",
      "actorType",
      "actorId",
      "action",
      "subjectType",
      "subjectId",
      "reason",
      "publicMetadata",
      "sealedMetadata",
      "sealedKeyVersion"
    };
    for (String name : names) {
      JsonNode v = e.get(name);
      if (v == null || v.isNull()) {
        out.write(0xFF);
        continue;
      }
      byte[] bytes =
          name.equals("sealedMetadata")
              ? Base64.getDecoder().decode(v.asText())
              : v.asText().getBytes(StandardCharsets.UTF_8);
      out.write(0x00);
      out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static byte[] unhex(String s) {
    return HexFormat.of().parseHex(s);
  }
}
