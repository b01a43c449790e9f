package dev.palisade.tenancy;

import dev.palisade.telemetry.Spans;
import dev.palisade.telemetry.StatementSpans;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * How every {@link Jdbi} of the platform binds and reads values: instants as {@code timestamptz} in
 * UTC at microsecond precision, UUIDs as {@code uuid} (arrays too), and a statement that names a
 * parameter it does not use is an error. Every statement gets a span ({@link StatementSpans}).
 */
final class JdbiConfig {
  private JdbiConfig() {}

  static Jdbi configure(Jdbi jdbi, Spans spans, String database) {
    jdbi.getConfig(SqlStatements.class)
        .setUnusedBindingAllowed(false)
        .setSqlLogger(new StatementSpans(spans, database));
    jdbi.registerArgument(
        new AbstractArgumentFactory<Instant>(Types.TIMESTAMP_WITH_TIMEZONE) {
          @Override
          protected Argument build(Instant value, ConfigRegistry config) {
            return (position, statement, ctx) ->
                statement.setObject(position, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
          }
        });
    jdbi.registerArgument(
        new AbstractArgumentFactory<UUID>(Types.OTHER) {
          @Override
          protected Argument build(UUID value, ConfigRegistry config) {
            return (position, statement, ctx) -> statement.setObject(position, value);
          }
        });
    jdbi.registerColumnMapper(
        Instant.class,
        (rs, column, ctx) -> {
          OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
          return t == null ? null : t.toInstant();
        });
    jdbi.registerColumnMapper(UUID.class, (rs, column, ctx) -> rs.getObject(column, UUID.class));
    jdbi.registerArrayType(UUID.class, "uuid");
    return jdbi;
  }
}
