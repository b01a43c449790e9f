package dev.palisade.telemetry;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * Plain text for terminals: {@code time level logger [request id] message}, the message redacted
 * and its line breaks escaped (so no logged value can start a forged line), then a redacted stack
 * trace when an exception is attached.
 */
public final class TextLogEncoder extends LayoutWrappingEncoder<ILoggingEvent> {
  /**
   * The empty option list after {@code %safe(...)} keeps logback from reading {@code %n} as text.
   */
  static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z',UTC} %level %logger [%X{request_id}] %safe(%msg){}%n%safeEx";

  @Override
  public void start() {
    PatternLayout layout = new PatternLayout();
    layout.getInstanceConverterMap().put("safe", SafeText::new);
    layout.getInstanceConverterMap().put("safeEx", SafeThrowable::new);
    layout.setPattern(PATTERN);
    layout.setContext(getContext());
    layout.start();
    setLayout(layout);
    super.start();
  }

  /** One line of text: redacted, with CR, LF and other controls escaped. */
  static String oneLine(String s) {
    String r = Sanitizer.redact(s);
    StringBuilder b = new StringBuilder(r.length());
    for (int i = 0; i < r.length(); i++) {
      char c = r.charAt(i);
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> {
          if (c < 0x20 && c != '\t') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** {@code %safe(...)}: redacts and escapes line breaks. */
  public static final class SafeText extends CompositeConverter<ILoggingEvent> {
    @Override
    protected String transform(ILoggingEvent event, String in) {
      return oneLine(in);
    }
  }

  /** {@code %safeEx}: the exception, each cause's message redacted and on one line. */
  public static final class SafeThrowable extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy t) {
      StringBuilder b = new StringBuilder();
      for (IThrowableProxy cur = t; cur != null; cur = cur.getCause()) {
        b.append(cur == t ? "" : "Caused by: ")
            .append(cur.getClassName())
            .append(": ")
            .append(oneLine(String.valueOf(cur.getMessage())))
            .append('\n');
        StackTraceElementProxy[] frames = cur.getStackTraceElementProxyArray();
        for (int i = 0; i < Math.min(frames.length, 40); i++) {
          b.append("\tat ").append(frames[i].getStackTraceElement()).append('\n');
        }
      }
      return b.toString();
    }
  }
}
