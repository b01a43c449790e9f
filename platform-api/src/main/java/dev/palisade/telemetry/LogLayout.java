package dev.palisade.telemetry;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.util.Map;

/**
 * One log event a line: a JSON object by default, or plain text when {@code PALISADE_LOG_FORMAT} is
 * {@code text}. JSON lines carry {@code request_id}, {@code trace_id}, {@code org_id} and {@code
 * actor} from the logging context; messages and exception texts pass through {@link Redactor}.
 */
public final class LogLayout extends LayoutBase<ILoggingEvent> {
  private static final String[] CONTEXT_KEYS = {
    "request_id", "trace_id", "span_id", "org_id", "actor", "job", "run_id"
  };
  private final boolean json =
      !"text".equalsIgnoreCase(System.getenv().getOrDefault("PALISADE_LOG_FORMAT", "json"));

  @Override
  public String doLayout(ILoggingEvent event) {
    return json ? json(event) : text(event);
  }

  private String json(ILoggingEvent event) {
    StringBuilder b = new StringBuilder(256).append('{');
    field(b, "timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    field(b, "level", event.getLevel().toString());
    field(b, "logger", event.getLoggerName());
    field(b, "thread", event.getThreadName());
    field(b, "message", Redactor.redact(event.getFormattedMessage()));
    Map<String, String> mdc = event.getMDCPropertyMap();
    for (String key : CONTEXT_KEYS) {
      String v = mdc.get(key);
      if (v != null) {
        field(b, key, v);
      }
    }
    IThrowableProxy t = event.getThrowableProxy();
    if (t != null) {
      field(b, "error", t.getClassName() + ": " + Redactor.redact(t.getMessage()));
      field(b, "stack", stack(t));
    }
    b.setLength(b.length() - 1);
    return b.append("}\n").toString();
  }

  private String text(ILoggingEvent event) {
    StringBuilder b =
        new StringBuilder(160)
            .append(Instant.ofEpochMilli(event.getTimeStamp()))
            .append(' ')
            .append(event.getLevel())
            .append(' ')
            .append(event.getLoggerName())
            .append(' ');
    String rid = event.getMDCPropertyMap().get("request_id");
    if (rid != null) {
      b.append('[').append(rid).append("] ");
    }
    b.append(Redactor.redact(event.getFormattedMessage())).append('\n');
    IThrowableProxy t = event.getThrowableProxy();
    if (t != null) {
      b.append(stack(t));
    }
    return b.toString();
  }

  private static String stack(IThrowableProxy t) {
    StringBuilder b = new StringBuilder();
    for (IThrowableProxy cur = t; cur != null; cur = cur.getCause()) {
      b.append(cur == t ? "" : "Caused by: ")
          .append(cur.getClassName())
          .append(": ")
          .append(Redactor.redact(cur.getMessage()))
          .append('\n');
      StackTraceElementProxy[] frames = cur.getStackTraceElementProxyArray();
      for (int i = 0; i < Math.min(frames.length, 40); i++) {
        b.append("\tat ").append(frames[i].getStackTraceElement()).append('\n');
      }
    }
    return b.toString();
  }

  private static void field(StringBuilder b, String name, String value) {
    b.append('"').append(name).append("\":");
    if (value == null) {
      b.append("null,");
      return;
    }
    b.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append("\",");
  }
}
