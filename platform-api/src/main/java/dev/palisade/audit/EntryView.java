package dev.palisade.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * An entry as the API shows it. Lists carry no sealed content; the single-entry view adds the
 * opened sealed metadata and, when it holds {@code before}/{@code after}, the field-level diff.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntryView(
    long sequence,
    String id,
    String occurredAt,
    Actor actor,
    String action,
    Subject subject,
    String reason,
    Object metadata,
    boolean sealed,
    Integer sealedKeyVersion,
    Map<String, Object> sealedMetadata,
    List<Change> diff,
    String contentHash,
    String chainHash) {

  /** Who acted. */
  public record Actor(String type, String id) {}

  /** What was acted on. */
  public record Subject(String type, String id) {}

  /** One changed field. */
  public record Change(String field, Object before, Object after) {}

  static EntryView of(AuditEntry e, Object publicMetadata, Map<String, Object> opened) {
    return new EntryView(
        e.sequence(),
        e.id().toString(),
        ChainEncoding.formatTime(e.occurredAt()),
        new Actor(e.actorType(), e.actorId()),
        e.action(),
        e.subjectType() == null && e.subjectId() == null
            ? null
            : new Subject(e.subjectType(), e.subjectId()),
        e.reason(),
        publicMetadata,
        e.sealedMetadata() != null,
        e.sealedKeyVersion(),
        opened,
        opened == null ? null : diff(opened),
        HexFormat.of().formatHex(e.contentHash()),
        HexFormat.of().formatHex(e.chainHash()));
  }

  @SuppressWarnings("unchecked")
  private static List<Change> diff(Map<String, Object> opened) {
    Object b = opened.get("before");
    Object a = opened.get("after");
    if (!(b instanceof Map) && !(a instanceof Map)) {
      return null;
    }
    Map<String, Object> before = b instanceof Map ? (Map<String, Object>) b : Map.of();
    Map<String, Object> after = a instanceof Map ? (Map<String, Object>) a : Map.of();
    List<Change> out = new ArrayList<>();
    for (String k : new TreeSet<>(union(before, after))) {
      if (!Objects.equals(before.get(k), after.get(k))) {
        out.add(new Change(k, before.get(k), after.get(k)));
      }
    }
    return out;
  }

  private static java.util.Set<String> union(Map<String, Object> a, Map<String, Object> b) {
    java.util.Set<String> s = new java.util.HashSet<>(a.keySet());
    s.addAll(b.keySet());
    return s;
  }

  /** Public metadata as stored (canonical JSON text), parsed for display. */
  static Object parse(ObjectMapper json, String text) {
    try {
      return text == null ? null : json.readValue(text, Object.class);
    } catch (java.io.IOException e) {
      return text;
    }
  }
}
