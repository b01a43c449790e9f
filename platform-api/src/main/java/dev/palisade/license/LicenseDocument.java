package dev.palisade.license;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.OrgSlug;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads the signed license text (version 1) into {@link License}. Every refusal is a 422 naming the
 * member, prefixed {@code license.}. Unknown top-level members are ignored (vendors may add
 * informational ones); unknown limits are refused, since this version could not enforce them.
 */
final class LicenseDocument {
  static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  static final Duration MAX_GRACE = Duration.ofDays(365);

  private static final Pattern LICENSE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final Pattern FEATURE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Set<String> LIMITS = Set.of("maxOrganizations", "maxMembersPerOrg");

  private LicenseDocument() {}

  static License parse(String text) {
    JsonNode doc;
    try {
      doc = JSON.readTree(text);
    } catch (IOException e) {
      throw bad("license", "is not a JSON document");
    }
    if (doc == null || !doc.isObject()) {
      throw bad("license", "must be a JSON object");
    }
    JsonNode version = doc.get("version");
    if (version == null || !version.isInt() || version.intValue() != 1) {
      throw bad("license.version", "must be 1 (this version reads license format 1)");
    }
    Instant issuedAt = instant(doc, "issuedAt");
    Instant expiresAt = instant(doc, "expiresAt");
    if (!expiresAt.isAfter(issuedAt)) {
      throw bad("license.expiresAt", "must be after issuedAt");
    }
    return new License(
        text(doc, "licenseId", LICENSE_ID, "letters, digits and . _ : - (at most 128)"),
        uuid(doc, "installId"),
        text(doc, "customer", Pattern.compile("(?s)[^\\p{Cntrl}]{1,200}"), "1 to 200 characters"),
        issuedAt,
        expiresAt,
        grace(doc.get("gracePeriod")),
        limits(doc.get("limits")),
        features(doc.get("features"), "license.features"),
        organizations(doc.get("organizations")));
  }

  private static String text(JsonNode doc, String name, Pattern pattern, String rule) {
    JsonNode n = doc.get(name);
    if (n == null || n.isNull()) {
      throw bad("license." + name, "is required");
    }
    if (!n.isTextual() || !pattern.matcher(n.textValue()).matches()) {
      throw bad("license." + name, "must be a string of " + rule);
    }
    return n.textValue();
  }

  private static UUID uuid(JsonNode doc, String name) {
    String s = text(doc, name, Pattern.compile("[0-9a-fA-F-]{36}"), "a UUID");
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw bad("license." + name, "must be a UUID");
    }
  }

  private static Instant instant(JsonNode doc, String name) {
    String s = text(doc, name, Pattern.compile(".{1,64}"), "an RFC 3339 time");
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw bad("license." + name, "must be an RFC 3339 time such as 2026-01-31T00:00:00Z");
    }
  }

  private static Duration grace(JsonNode n) {
    Duration d;
    if (n == null || n.isNull()) {
      return Duration.ZERO;
    } else if (n.isInt()) {
      d = Duration.ofDays(n.intValue());
    } else if (n.isTextual()) {
      try {
        d = Duration.parse(n.textValue());
      } catch (DateTimeParseException e) {
        throw bad("license.gracePeriod", "must be an ISO-8601 duration (P14D) or a number of days");
      }
    } else {
      throw bad("license.gracePeriod", "must be an ISO-8601 duration (P14D) or a number of days");
    }
    if (d.isNegative() || d.compareTo(MAX_GRACE) > 0) {
      throw bad("license.gracePeriod", "must be between 0 and 365 days");
    }
    return d;
  }

  private static License.Limits limits(JsonNode n) {
    if (n == null || n.isNull()) {
      return License.Limits.NONE;
    }
    if (!n.isObject()) {
      throw bad("license.limits", "must be an object");
    }
    for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!LIMITS.contains(name)) {
        throw bad("license.limits." + name, "is not a limit this version can enforce");
      }
    }
    return new License.Limits(
        count(n.get("maxOrganizations"), "license.limits.maxOrganizations"),
        count(n.get("maxMembersPerOrg"), "license.limits.maxMembersPerOrg"));
  }

  private static Integer count(JsonNode n, String field) {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isInt() || n.intValue() < 1) {
      throw bad(field, "must be a positive integer, or absent for no limit");
    }
    return n.intValue();
  }

  private static List<String> features(JsonNode n, String field) {
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray() || n.size() > 256) {
      throw bad(field, "must be an array of at most 256 feature names");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode f = n.get(i);
      if (!f.isTextual() || !FEATURE.matcher(f.textValue()).matches()) {
        throw bad(field + "[" + i + "]", "must be a feature name of [a-z0-9._-], at most 64");
      }
      out.add(f.textValue());
    }
    return out;
  }

  private static Map<String, License.OrgTerms> organizations(JsonNode n) {
    if (n == null || n.isNull()) {
      return Map.of();
    }
    if (!n.isObject()) {
      throw bad("license.organizations", "must be an object keyed by organization id or slug");
    }
    Map<String, License.OrgTerms> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      String field = "license.organizations." + e.getKey();
      if (!OrgSlug.isValid(e.getKey()) && !isUuid(e.getKey())) {
        throw bad(field, "is neither an organization id nor a slug");
      }
      JsonNode terms = e.getValue();
      if (!terms.isObject()) {
        throw bad(field, "must be an object with features and maxMembers");
      }
      for (Iterator<String> names = terms.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!name.equals("features") && !name.equals("maxMembers")) {
          throw bad(field + "." + name, "is not an organization term this version knows");
        }
      }
      out.put(
          e.getKey(),
          new License.OrgTerms(
              features(terms.get("features"), field + ".features"),
              count(terms.get("maxMembers"), field + ".maxMembers")));
    }
    return out;
  }

  private static boolean isUuid(String s) {
    try {
      return UUID.fromString(s).toString().equalsIgnoreCase(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static PlatformException bad(String field, String message) {
    return PlatformException.invalidField(field, message);
  }
}
