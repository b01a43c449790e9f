package dev.palisade.telemetry;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.util.Locale;

/**
 * The platform's log encoder: one JSON object a line ({@link JsonLogEncoder}) unless {@code
 * PALISADE_LOG_FORMAT} is {@code text} ({@link TextLogEncoder}). Either way messages and exception
 * texts pass through {@link Sanitizer#redact} and one event is one line of message text.
 */
public final class LogEncoder extends EncoderBase<ILoggingEvent> {
  private final Encoder<ILoggingEvent> delegate;

  public LogEncoder() {
    this(System.getenv().getOrDefault("PALISADE_LOG_FORMAT", "json"));
  }

  public LogEncoder(String format) {
    this.delegate =
        "text".equals(format.strip().toLowerCase(Locale.ROOT))
            ? new TextLogEncoder()
            : new JsonLogEncoder();
  }

  @Override
  public void setContext(Context context) {
    super.setContext(context);
    delegate.setContext(context);
  }

  @Override
  public void start() {
    delegate.start();
    super.start();
  }

  @Override
  public void stop() {
    delegate.stop();
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return delegate.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return delegate.encode(event);
  }

  @Override
  public byte[] footerBytes() {
    return delegate.footerBytes();
  }
}
