package dev.palisade.telemetry;

import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.List;
import java.util.Set;
import net.logstash.logback.composite.JsonProviders;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.MdcJsonProvider;
import net.logstash.logback.composite.loggingevent.MessageJsonProvider;
import net.logstash.logback.composite.loggingevent.StackTraceJsonProvider;
import net.logstash.logback.composite.loggingevent.ThreadNameJsonProvider;
import net.logstash.logback.composite.loggingevent.ThrowableClassNameJsonProvider;
import net.logstash.logback.composite.loggingevent.ThrowableMessageJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;
import net.logstash.logback.mask.ValueMasker;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;

/**
 * One JSON object a line (logstash-logback-encoder): {@code timestamp} (UTC), {@code level}, {@code
 * logger}, {@code thread}, {@code message}, the context keys {@link #CONTEXT_KEYS}, and for an
 * exception {@code error} (its class), {@code error_message} and {@code stack} (at most 40 frames
 * per cause). Message and exception texts pass through {@link Sanitizer#redact}.
 */
public final class JsonLogEncoder extends LoggingEventCompositeJsonEncoder {
  /** The logging context keys written as fields. */
  public static final List<String> CONTEXT_KEYS =
      List.of("request_id", "trace_id", "span_id", "org_id", "actor", "job", "run_id");

  private static final Set<String> REDACTED = Set.of("message", "error_message", "stack");

  public JsonLogEncoder() {
    JsonProviders<ch.qos.logback.classic.spi.ILoggingEvent> p = getProviders();
    LoggingEventFormattedTimestampJsonProvider timestamp =
        new LoggingEventFormattedTimestampJsonProvider();
    timestamp.setFieldName("timestamp");
    timestamp.setTimeZone("UTC");
    p.addProvider(timestamp);
    LogLevelJsonProvider level = new LogLevelJsonProvider();
    level.setFieldName("level");
    p.addProvider(level);
    LoggerNameJsonProvider logger = new LoggerNameJsonProvider();
    logger.setFieldName("logger");
    p.addProvider(logger);
    ThreadNameJsonProvider thread = new ThreadNameJsonProvider();
    thread.setFieldName("thread");
    p.addProvider(thread);
    p.addProvider(new MessageJsonProvider());
    MdcJsonProvider mdc = new MdcJsonProvider();
    CONTEXT_KEYS.forEach(mdc::addIncludeMdcKeyName);
    p.addProvider(mdc);
    ThrowableClassNameJsonProvider error = new ThrowableClassNameJsonProvider();
    error.setFieldName("error");
    error.setUseSimpleClassName(false);
    p.addProvider(error);
    ThrowableMessageJsonProvider errorMessage = new ThrowableMessageJsonProvider();
    errorMessage.setFieldName("error_message");
    p.addProvider(errorMessage);
    StackTraceJsonProvider stack = new StackTraceJsonProvider();
    stack.setFieldName("stack");
    ShortenedThrowableConverter frames = new ShortenedThrowableConverter();
    frames.setMaxDepthPerThrowable(40);
    stack.setThrowableConverter(frames);
    p.addProvider(stack);
    MaskingJsonGeneratorDecorator masking = new MaskingJsonGeneratorDecorator();
    masking.addValueMasker(new Redaction());
    masking.start();
    setJsonGeneratorDecorator(masking);
  }

  /** Redacts the free-text fields; ids and names are left as they are. */
  static final class Redaction implements ValueMasker {
    @Override
    public Object mask(JsonStreamContext context, Object value) {
      if (value instanceof String s && REDACTED.contains(context.getCurrentName())) {
        String redacted = Sanitizer.redact(s);
        return redacted.equals(s) ? null : redacted;
      }
      return null;
    }
  }
}
