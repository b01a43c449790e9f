package dev.palisade.paging;

import static java.util.Objects.requireNonNull;

import dev.palisade.errors.PlatformException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a keyset-paginated listing. {@code nextCursor} is opaque to clients and null on the
 * last page.
 */
public record Page<T>(List<T> items, String nextCursor) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 200;

  public Page {
    items = List.copyOf(requireNonNull(items, "items is null"));
  }

  /**
   * Builds a page from {@code limit + 1} fetched rows: the extra row only tells that there is more.
   */
  public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> key) {
    if (fetched.size() <= limit) {
      return new Page<>(fetched, null);
    }
    List<T> items = fetched.subList(0, limit);
    return new Page<>(items, encode(key.apply(items.get(limit - 1))));
  }

  public static int limit(Integer requested) {
    if (requested == null) {
      return DEFAULT_LIMIT;
    }
    if (requested < 1 || requested > MAX_LIMIT) {
      throw PlatformException.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
    }
    return requested;
  }

  public static String decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw PlatformException.invalidField("cursor", "is not a cursor returned by this API");
    }
  }

  private static String encode(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }
}
