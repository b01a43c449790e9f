package dev.palisade.paging;

import static java.util.Objects.requireNonNull;

import dev.palisade.errors.PlatformException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.jdbi.v3.core.statement.SqlStatement;

/** Keyset position in a newest-first listing ordered by (time desc, id desc). */
public record TimeCursor(Instant time, UUID id) {
  public TimeCursor {
    requireNonNull(time, "time is null");
    requireNonNull(id, "id is null");
  }

  /** The position after which to continue, or null for the first page. */
  public static TimeCursor decode(String cursor) {
    String decoded = Page.decode(cursor);
    if (decoded == null) {
      return null;
    }
    int bar = decoded.indexOf('|');
    try {
      if (bar < 0) {
        throw new IllegalArgumentException("no separator");
      }
      return new TimeCursor(
          Instant.parse(decoded.substring(0, bar)), UUID.fromString(decoded.substring(bar + 1)));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw PlatformException.invalidField("cursor", "is not a cursor returned by this API");
    }
  }

  public static String key(String time, String id) {
    return time + "|" + id;
  }

  /**
   * The keyset condition of a newest-first listing ordered by ({@code timeColumn} desc, {@code id}
   * desc): true on the first page, else only rows after the cursor. Bind it with {@link #bind}.
   */
  public static String condition(String timeColumn) {
    return "(:afterTime::timestamptz is null or (" + timeColumn + ", id) < (:afterTime, :afterId))";
  }

  /** Binds {@link #condition}'s parameters for the cursor {@code after}, null on the first page. */
  public static <S extends SqlStatement<S>> S bind(S statement, TimeCursor after) {
    return statement
        .bind("afterTime", after == null ? null : after.time())
        .bind("afterId", after == null ? null : after.id());
  }
}
