package dev.palisade.syslog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One RFC 5424 message before it is written: header fields, one structured-data element ({@code
 * sdId} with its parameters, in order; null values are left out) and the free-text message. Header
 * texts are written as given where they fit the RFC and are cut or replaced where they do not (see
 * {@link Rfc5424}); the SD-ID and parameter names must be SD-NAMEs.
 */
public record SyslogMessage(
    Facility facility,
    int severity,
    Instant timestamp,
    String hostname,
    String appName,
    String procId,
    String msgId,
    String sdId,
    Map<String, String> params,
    String msg) {

  public SyslogMessage {
    requireNonNull(facility, "facility is null");
    requireNonNull(timestamp, "timestamp is null");
    requireNonNull(sdId, "sdId is null");
    if (severity < 0 || severity > 7) {
      throw new IllegalArgumentException("severity is 0 to 7");
    }
    String problem = SdName.problem(sdId);
    if (problem != null) {
      throw new IllegalArgumentException("SD-ID " + problem);
    }
    Map<String, String> copy = new LinkedHashMap<>();
    if (params != null) {
      params.forEach(
          (k, v) -> {
            String p = SdName.problem(k);
            if (p != null) {
              throw new IllegalArgumentException("SD-PARAM name " + p);
            }
            if (v != null) {
              copy.put(k, v);
            }
          });
    }
    params = java.util.Collections.unmodifiableMap(copy);
  }

  /** PRI: facility times eight plus severity. */
  public int pri() {
    return facility.code() * 8 + severity;
  }
}
