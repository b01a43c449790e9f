package dev.palisade.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.palisade.telemetry.LogEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * Everything logged in this JVM from {@link #json} or {@link #pattern} until {@link #close}, for
 * tests that look for what a log line carries (or must never carry).
 */
public final class LogCapture implements AutoCloseable {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
  private final LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();

  private LogCapture(Encoder<ILoggingEvent> encoder) {
    appender.setContext(ctx);
    appender.setEncoder(encoder);
    appender.setOutputStream(out);
    appender.start();
    ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
  }

  /** Lines in the server's JSON log format. */
  public static LogCapture json() {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogEncoder encoder = new LogEncoder("json");
    encoder.setContext(ctx);
    encoder.start();
    return new LogCapture(encoder);
  }

  /** Lines in a logback {@code pattern}. */
  public static LogCapture pattern(String pattern) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern(pattern);
    encoder.start();
    return new LogCapture(encoder);
  }

  /** What has been logged so far. */
  public String text() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    ctx.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
    appender.stop();
  }
}
