package dev.palisade.license;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.palisade.errors.PlatformException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads the signed license text (version 1) into {@link License}: Jackson binds the document to
 * {@link V1} (types checked, no coercion, duplicate members refused), then each value is checked
 * against the format in {@code docs/license.md}. Every refusal is a 422 naming the member, prefixed
 * {@code license.}. Unknown top-level members are ignored (vendors may add informational ones);
 * unknown limits and organization terms are refused, since this version could not enforce them.
 */
final class LicenseDocument {
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();
  static final Duration MAX_GRACE = Duration.ofDays(365);

  private static final Pattern LICENSE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final Pattern CUSTOMER = Pattern.compile("(?s)[^\\p{Cntrl}]{1,200}");
  private static final Pattern FEATURE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /** The document as bound; every value is checked by {@link #parse}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record V1(
      Integer version,
      String licenseId,
      String installId,
      String customer,
      String issuedAt,
      String expiresAt,
      JsonNode gracePeriod,
      Limits limits,
      List<String> features,
      Map<String, Terms> organizations) {}

  /** {@code limits}: only the limits this version can enforce. */
  record Limits(Integer maxOrganizations, Integer maxMembersPerOrg) {}

  /** One organization's own terms. */
  record Terms(List<String> features, Integer maxMembers) {}

  private LicenseDocument() {}

  static License parse(String text) {
    V1 doc = bind(text);
    if (doc.version() == null || doc.version() != 1) {
      throw bad("license.version", "must be 1 (this version reads license format 1)");
    }
    Instant issuedAt = instant("issuedAt", doc.issuedAt());
    Instant expiresAt = instant("expiresAt", doc.expiresAt());
    if (!expiresAt.isAfter(issuedAt)) {
      throw bad("license.expiresAt", "must be after issuedAt");
    }
    Limits limits = doc.limits() == null ? new Limits(null, null) : doc.limits();
    return new License(
        text("licenseId", doc.licenseId(), LICENSE_ID, "letters, digits and . _ : - (at most 128)"),
        uuid("installId", doc.installId()),
        text("customer", doc.customer(), CUSTOMER, "1 to 200 characters"),
        issuedAt,
        expiresAt,
        grace(doc.gracePeriod()),
        new License.Limits(
            count("license.limits.maxOrganizations", limits.maxOrganizations()),
            count("license.limits.maxMembersPerOrg", limits.maxMembersPerOrg())),
        features("license.features", doc.features()),
        organizations(doc.organizations()));
  }

  private static V1 bind(String text) {
    try {
      JsonNode tree = JSON.readTree(text);
      if (tree == null || !tree.isObject()) {
        throw bad("license", "must be a JSON object");
      }
      return JSON.treeToValue(tree, V1.class);
    } catch (UnrecognizedPropertyException e) {
      String field = path(e);
      throw bad(
          field,
          field.startsWith("license.limits.")
              ? "is not a limit this version can enforce"
              : "is not an organization term this version knows");
    } catch (JsonMappingException e) {
      String field = path(e);
      throw bad(field, field.equals("license") ? "is not a JSON document" : "has the wrong type");
    } catch (IOException e) {
      throw bad("license", "is not a JSON document");
    }
  }

  /** {@code license.a.b[2]} from the binding path of a mapping error. */
  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder("license");
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append('.').append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String text(String name, String value, Pattern pattern, String rule) {
    if (value == null) {
      throw bad("license." + name, "is required");
    }
    if (!pattern.matcher(value).matches()) {
      throw bad("license." + name, "must be a string of " + rule);
    }
    return value;
  }

  private static UUID uuid(String name, String value) {
    String s = text(name, value, Pattern.compile("[0-9a-fA-F-]{36}"), "a UUID");
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw bad("license." + name, "must be a UUID");
    }
  }

  private static Instant instant(String name, String value) {
    String s = text(name, value, Pattern.compile(".{1,64}"), "an RFC 3339 time");
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw bad("license." + name, "must be an RFC 3339 time such as 2026-01-31T00:00:00Z");
    }
  }

  private static Duration grace(JsonNode n) {
    String rule = "must be an ISO-8601 duration (P14D) or a number of days";
    Duration d;
    if (n == null || n.isNull()) {
      return Duration.ZERO;
    } else if (n.isInt()) {
      d = Duration.ofDays(n.intValue());
    } else if (n.isTextual()) {
      try {
        d = Duration.parse(n.textValue());
      } catch (DateTimeParseException e) {
        throw bad("license.gracePeriod", rule);
      }
    } else {
      throw bad("license.gracePeriod", rule);
    }
    if (d.isNegative() || d.compareTo(MAX_GRACE) > 0) {
      throw bad("license.gracePeriod", "must be between 0 and 365 days");
    }
    return d;
  }

  private static Integer count(String field, Integer n) {
    if (n != null && n < 1) {
      throw bad(field, "must be a positive integer, or absent for no limit");
    }
    return n;
  }

  private static List<String> features(String field, List<String> features) {
    if (features == null) {
      return List.of();
    }
    if (features.size() > 256) {
      throw bad(field, "must be an array of at most 256 feature names");
    }
    for (int i = 0; i < features.size(); i++) {
      String f = features.get(i);
      if (f == null || !FEATURE.matcher(f).matches()) {
        throw bad(field + "[" + i + "]", "must be a feature name of [a-z0-9._-], at most 64");
      }
    }
    return features;
  }

  private static Map<String, License.OrgTerms> organizations(Map<String, Terms> terms) {
    Map<String, License.OrgTerms> out = new LinkedHashMap<>();
    if (terms == null) {
      return out;
    }
    for (Map.Entry<String, Terms> e : terms.entrySet()) {
      String field = "license.organizations." + e.getKey();
      if (!isUuid(e.getKey())) {
        throw bad(
            field,
            "must be an organization id (a lower-case UUID); terms are never matched by slug,"
                + " which an organization's admins can change");
      }
      if (e.getValue() == null) {
        throw bad(field, "must be an object with features and maxMembers");
      }
      out.put(
          e.getKey(),
          new License.OrgTerms(
              features(field + ".features", e.getValue().features()),
              count(field + ".maxMembers", e.getValue().maxMembers())));
    }
    return out;
  }

  private static boolean isUuid(String s) {
    try {
      return UUID.fromString(s).toString().equals(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static PlatformException bad(String field, String message) {
    return PlatformException.invalidField(field, message);
  }
}
