package dev.palisade.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * A client span for every statement a {@code Jdbi} executes, from just before it is sent to when it
 * returns, with the semantic-convention attributes {@code db.system} ({@code postgresql}), {@code
 * db.namespace} (the database) and {@code db.operation.name} (the statement's first keyword: {@code
 * SELECT}, {@code INSERT}…), named {@code "<operation> <database>"}. Neither the statement text nor
 * a bound value is recorded; a failed statement carries its SQLState as {@code error.type}, not the
 * driver's message (which can quote values). Only statements inside a trace (a request, a job run)
 * get a span: the background refreshes and polls that run every few seconds outside any trace would
 * otherwise each start a trace of their own.
 */
public final class StatementSpans implements SqlLogger {
  private final Spans spans;
  private final String database;
  private final Map<StatementContext, Span> open = new ConcurrentHashMap<>();

  public StatementSpans(Spans spans, String database) {
    this.spans = spans;
    this.database = database;
  }

  @Override
  public void logBeforeExecution(StatementContext context) {
    if (!Span.current().getSpanContext().isValid()) {
      return;
    }
    String operation = operation(context.getRenderedSql());
    Span span =
        spans.start(
            operation + " " + database,
            SpanKind.CLIENT,
            Map.of(
                "db.system", "postgresql",
                "db.namespace", database,
                "db.operation.name", operation));
    open.put(context, span);
    context.addCleanable(() -> end(context));
  }

  @Override
  public void logAfterExecution(StatementContext context) {
    end(context);
  }

  @Override
  public void logException(StatementContext context, SQLException ex) {
    Span span = open.get(context);
    if (span != null) {
      Spans.failed(span, ex.getSQLState() == null ? "SQLException" : ex.getSQLState());
    }
    end(context);
  }

  private void end(StatementContext context) {
    Span span = open.remove(context);
    if (span != null) {
      span.end();
    }
  }

  /** The first keyword, upper case; {@code OTHER} for an empty statement. */
  static String operation(String sql) {
    if (sql == null) {
      return "OTHER";
    }
    String s = sql.strip();
    int end = 0;
    while (end < s.length() && Character.isLetter(s.charAt(end))) {
      end++;
    }
    return end == 0 ? "OTHER" : s.substring(0, end).toUpperCase(Locale.ROOT);
  }
}
